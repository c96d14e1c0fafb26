package io.jvirt.qemu.caps;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CpuModelChooserTest {
    private static final QemuCaps.CpuModel SMALL = new QemuCaps.CpuModel("small", true, false, "unknown",
            List.of("fpu", "sse"));
    private static final QemuCaps.CpuModel AMD = new QemuCaps.CpuModel("amd", true, false, "AMD",
            List.of("fpu", "sse", "sse2", "svm"));
    private static final QemuCaps.CpuModel INTEL = new QemuCaps.CpuModel("intel", true, false, "Intel",
            List.of("fpu", "sse", "sse2", "vmx", "avx"));
    private static final Set<String> KNOWN = Set.of("fpu", "sse", "sse2", "svm", "vmx", "avx", "avx2");

    @Test
    void theRichestModelWithinTheFeaturesOfTheSameVendorWins() {
        CpuModelChooser.Choice c = CpuModelChooser.choose(List.of("fpu", "sse", "sse2", "svm", "avx2", "weird"), "AMD",
                List.of(SMALL, AMD, INTEL), KNOWN);
        assertThat(c.model()).isEqualTo("amd");
        assertThat(c.extra()).as("unknown names are left out").containsExactly("avx2");
        assertThat(c.missing()).isEmpty();
    }

    @Test
    void aModelOfAnotherVendorOrNeedingMoreIsNotTaken() {
        CpuModelChooser.Choice c = CpuModelChooser.choose(List.of("fpu", "sse", "sse2", "vmx"), "AMD",
                List.of(SMALL, AMD, INTEL), KNOWN);
        assertThat(c.model()).isEqualTo("small");
        assertThat(c.extra()).containsExactly("sse2", "vmx");
    }

    @Test
    void nothingFitsGivesQemu64() {
        CpuModelChooser.Choice c = CpuModelChooser.choose(List.of("avx"), "AMD", List.of(SMALL, AMD), KNOWN);
        assertThat(c.model()).isEqualTo("qemu64");
        assertThat(c.extra()).containsExactly("avx");
    }

    @Test
    void aGuestModelMayDisableFeaturesWhenThatCostsLess() {
        CpuModelChooser.Choice c = CpuModelChooser.chooseWithRemovals(List.of("fpu", "sse", "sse2", "avx2"), "AMD",
                List.of(SMALL, AMD), KNOWN);
        assertThat(c.model()).as("amd: +avx2 -svm (2) beats small: +sse2 +avx2 (2) by having more features")
                .isEqualTo("amd");
        assertThat(c.extra()).containsExactly("avx2");
        assertThat(c.missing()).containsExactly("svm");
    }
}
