package io.jvirt.conf.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryUnitsTest {

    @ParameterizedTest(name = "{0} {1} = {2} KiB")
    @CsvSource(nullValues = "NULL", value = {
        "1024, NULL, 1024",
        "1024, b, 1",
        "1025, bytes, 2",
        "1, byte, 1",
        "0, b, 0",
        "1, k, 1",
        "1, KiB, 1",
        "1, kib, 1",
        "1000, KB, 977",
        "1024, KB, 1000",
        "1, M, 1024",
        "1, MiB, 1024",
        "1, MB, 977",
        "4, GiB, 4194304",
        "4, G, 4194304",
        "1, GB, 976563",
        "1, TiB, 1073741824",
        "1, T, 1073741824",
        "1, PiB, 1099511627776",
        "1, EiB, 1125899906842624",
    })
    void converts(String value, String unit, long kib) {
        assertThat(MemoryUnits.toKiB(value, unit)).isEqualTo(kib);
    }

    @Test
    void rejectsUnknownUnit() {
        assertThatThrownBy(() -> MemoryUnits.toKiB("1", "KiBB")).isInstanceOf(ConfException.class)
                .hasMessageContaining("'KiBB' is not known");
        assertThatThrownBy(() -> MemoryUnits.toKiB("1", "x")).isInstanceOf(ConfException.class);
    }

    @Test
    void rejectsNegativeAndOverflow() {
        assertThatThrownBy(() -> MemoryUnits.toKiB("-1", "KiB")).isInstanceOf(ConfException.class)
                .hasMessage("The memory size '-1' is not a whole number.");
        assertThatThrownBy(() -> MemoryUnits.toKiB("99999999999999999999", "KiB"))
                .isInstanceOf(ConfException.class).hasMessage("The memory size 99999999999999999999 KiB is too large.");
        assertThatThrownBy(() -> MemoryUnits.toKiB("20000", "EiB"))
                .isInstanceOf(ConfException.class).hasMessage("The memory size 20000 EiB is too large.");
    }

    @Test
    void formatsInKiB() {
        DomainDef def = DomainXml.parse("<domain type='kvm'><name>m</name><memory unit='GiB'>2</memory>"
                + "<vcpu>1</vcpu><os><type>hvm</type></os></domain>");
        assertThat(def.memoryKiB()).isEqualTo(2097152);
        assertThat(def.currentMemoryKiB()).isEqualTo(2097152);
        assertThat(DomainXml.format(def, Secrets.INCLUDE)).contains("<memory unit='KiB'>2097152</memory>")
                .contains("<currentMemory unit='KiB'>2097152</currentMemory>");
    }
}
