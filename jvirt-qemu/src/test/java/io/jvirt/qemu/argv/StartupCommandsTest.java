package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DomainXml;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StartupCommandsTest {
    private static final String BASE = "<domain type='qemu'><name>s</name>"
            + "<memory unit='MiB'>512</memory>%s<vcpu>1</vcpu><os><type>hvm</type></os><devices>%s</devices></domain>";

    @Test
    void nothingToDoForAPlainDomain() {
        assertThat(StartupCommands.of(DomainXml.parse(BASE.formatted("", "")))).isEmpty();
    }

    @Test
    void vncPasswordAndBalloonTargetAndStatsPeriod() {
        var def = DomainXml.parse(BASE.formatted("<currentMemory unit='MiB'>256</currentMemory>",
                "<graphics type='vnc' port='-1' autoport='yes' passwd='s3cret'/>"
                        + "<memballoon model='virtio'><stats period='10'/></memballoon>"));
        assertThat(StartupCommands.of(def)).containsExactly(
                new StartupCommands.QmpCall("set_password", Map.of("protocol", "vnc", "password", "s3cret")),
                new StartupCommands.QmpCall("balloon", Map.of("value", 256L * 1024 * 1024)),
                new StartupCommands.QmpCall("qom-set", Map.of("path", "/machine/peripheral/balloon0",
                        "property", "guest-stats-polling-interval", "value", 10)));
    }

    @Test
    void noBalloonCommandsWithoutABalloon() {
        var def = DomainXml.parse(BASE.formatted("<currentMemory unit='MiB'>256</currentMemory>",
                "<memballoon model='none'/>"));
        assertThat(StartupCommands.of(def)).isEmpty();
    }
}
