package io.jvirt.cli.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.client.JvirtClientException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizes read and printed the way virsh does. */
class SizesTest {
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"4096, 4096", "10G, 10737418240", "10g, 10737418240", "10GiB, 10737418240", "1GB, 1000000000",
        "512M, 536870912", "1k, 1024", "1KB, 1000", "3b, 3", "1T, 1099511627776", "0, 0"})
    void parses(String text, long bytes) {
        assertThat(Sizes.parse(text, "The capacity")).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"10Q", "-1", "1.5G", "G", "''"})
    void refusesWithASentence(String text) {
        assertThatThrownBy(() -> Sizes.parse(text, "The capacity")).isInstanceOf(JvirtClientException.class)
                .message().endsWith(".");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 0.00 B", "512, 512.00 B", "1024, 1.00 KiB", "139264, 136.00 KiB", "10737418240, 10.00 GiB",
        "104857600, 100.00 MiB", "1649267441664, 1.50 TiB"})
    void prettyCapacity(long bytes, String text) {
        assertThat(Sizes.pretty(bytes)).isEqualTo(text);
    }
}
