package io.jvirt.qemu.argv;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTextTest {
    @Test
    void wordsAShellWouldChangeAreQuotedAndTheEnvironmentComesFirst() {
        assertThat(CommandLineText.render(Map.of("SDL_AUDIODRIVER", "pulse", "DISPLAY", ":0"),
                List.of("/usr/bin/qemu-system-x86_64", "-name", "guest=a b,debug-threads=on", "-smbios",
                        "type=1,serial=it's", "-append", "", "-m", "size=262144k")))
                .isEqualTo("DISPLAY=:0 SDL_AUDIODRIVER=pulse /usr/bin/qemu-system-x86_64 -name "
                        + "'guest=a b,debug-threads=on' -smbios 'type=1,serial=it'\\''s' -append '' -m size=262144k");
    }
}
