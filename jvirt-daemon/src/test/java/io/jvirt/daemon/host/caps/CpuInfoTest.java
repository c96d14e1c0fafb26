package io.jvirt.daemon.host.caps;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuInfoTest {
    @Test
    void readsTheFirstProcessorAndRenamesFlagsToQemusNames() {
        CpuInfo c = CpuInfo.parse("""
                processor	: 0
                vendor_id	: GenuineIntel
                cpu family	: 6
                model		: 85
                stepping	: 7
                microcode	: 0x5003604
                flags		: fpu sse4_1 sse4_2 tsc_deadline_timer lahf_lm avx512_vpopcntdq constant_tsc sha_ni nx
                address sizes	: 46 bits physical, 48 bits virtual

                processor	: 1
                vendor_id	: AuthenticAMD
                """);
        assertThat(c.vendorId()).isEqualTo("GenuineIntel");
        assertThat(c.family()).isEqualTo(6);
        assertThat(c.model()).isEqualTo(85);
        assertThat(c.stepping()).isEqualTo(7);
        assertThat(c.microcode()).isEqualTo(0x5003604);
        assertThat(c.physBits()).isEqualTo(46);
        assertThat(c.qemuFeatures()).containsExactly("fpu", "sse4.1", "sse4.2", "tsc-deadline", "lahf-lm",
                "avx512-vpopcntdq", "invtsc", "sha-ni", "nx");
    }

    @Test
    void missingFieldsAreZeroOrEmpty() {
        CpuInfo c = CpuInfo.parse("processor : 0\n");
        assertThat(c.microcode()).isEqualTo(-1);
        assertThat(c.flags()).isEmpty();
        assertThat(c.physBits()).isZero();
    }
}
