package io.jvirt.daemon.host.caps;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The first processor of {@code /proc/cpuinfo}: what the kernel read from CPUID for it (Java
 * cannot run CPUID itself). Pure parser.
 *
 * @param vendorId the CPUID vendor string ({@code AuthenticAMD})
 * @param family the CPU family
 * @param model the model number
 * @param stepping the stepping
 * @param microcode the microcode revision, or -1 when not shown
 * @param physBits the physical address bits, or 0 when not shown
 * @param flags the kernel's flag names, in its order
 */
public record CpuInfo(String vendorId, int family, int model, int stepping, long microcode, int physBits,
                      List<String> flags) {

    /** Where the kernel's names differ from QEMU's feature names (the rest only swap '_' for '-'). */
    private static final Map<String, String> RENAMES = Map.ofEntries(
            Map.entry("tsc_deadline_timer", "tsc-deadline"),
            Map.entry("sse4_1", "sse4.1"),
            Map.entry("sse4_2", "sse4.2"),
            Map.entry("avx512_vbmi2", "avx512vbmi2"),
            Map.entry("avx512_vnni", "avx512vnni"),
            Map.entry("avx512_bitalg", "avx512bitalg"),
            Map.entry("avx512_vpopcntdq", "avx512-vpopcntdq"),
            Map.entry("avx512_bf16", "avx512-bf16"),
            Map.entry("avx512_fp16", "avx512-fp16"),
            Map.entry("avx512_4vnniw", "avx512-4vnniw"),
            Map.entry("avx512_4fmaps", "avx512-4fmaps"),
            Map.entry("avx512_vp2intersect", "avx512-vp2intersect"),
            Map.entry("constant_tsc", "invtsc"),
            Map.entry("sha_ni", "sha-ni"),
            Map.entry("pclmulqdq", "pclmulqdq"),
            Map.entry("arch_capabilities", "arch-capabilities"),
            Map.entry("flush_l1d", "flush-l1d"),
            Map.entry("md_clear", "md-clear"),
            Map.entry("spec_ctrl", "spec-ctrl"),
            Map.entry("virt_ssbd", "virt-ssbd"),
            Map.entry("amd_ssbd", "amd-ssbd"),
            Map.entry("amd_stibp", "amd-stibp"),
            Map.entry("ibpb", "ibpb"),
            Map.entry("nx", "nx"),
            Map.entry("lm", "lm"),
            Map.entry("nrip_save", "nrip-save"),
            Map.entry("v_vmsave_vmload", "v-vmsave-vmload"),
            Map.entry("tsc_scale", "tsc-scale"),
            Map.entry("vmcb_clean", "vmcb-clean"),
            Map.entry("pausefilter", "pause-filter"),
            Map.entry("pfthreshold", "pfthreshold"),
            Map.entry("cr8_legacy", "cr8legacy"));

    /** Copies the list. */
    public CpuInfo {
        flags = List.copyOf(flags);
    }

    /**
     * Reads the first processor's block.
     *
     * @param text the contents of {@code /proc/cpuinfo}
     * @return what it says; zeros and empty lists for what it does not
     */
    public static CpuInfo parse(String text) {
        String vendor = "";
        int family = 0;
        int model = 0;
        int stepping = 0;
        long microcode = -1;
        int phys = 0;
        List<String> flags = List.of();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                break; // the first processor's block ends
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "vendor_id" -> vendor = value;
                case "cpu family" -> family = intOf(value);
                case "model" -> model = intOf(value);
                case "stepping" -> stepping = intOf(value);
                case "microcode" -> microcode = longOf(value);
                case "address sizes" -> phys = intOf(value.split(" ")[0]);
                case "flags" -> flags = List.of(value.split("\\s+"));
                default -> { }
            }
        }
        return new CpuInfo(vendor, family, model, stepping, microcode, phys, flags);
    }

    /** The flags as QEMU names CPU features, each once, in the kernel's order. */
    public List<String> qemuFeatures() {
        Set<String> out = new LinkedHashSet<>();
        for (String f : flags) {
            out.add(RENAMES.getOrDefault(f, f.replace('_', '-')));
        }
        return new ArrayList<>(out);
    }

    private static int intOf(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long longOf(String s) {
        try {
            String v = s.strip();
            return v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
