package io.jvirt.conf.domain;

/**
 * The {@code <memtune>} element: memory limits of the QEMU process, applied through its
 * cgroup. Each is in KiB, or null when not set; {@link #UNLIMITED} means no limit.
 *
 * @param hardLimitKiB the most memory QEMU may use ({@code memory.max})
 * @param softLimitKiB the limit enforced under memory pressure ({@code memory.high})
 * @param swapHardLimitKiB the most memory plus swap ({@code memory.swap.max}, as libvirt writes it)
 * @param minGuaranteeKiB the guaranteed minimum; QEMU domains do not support it
 */
public record MemTuneDef(Long hardLimitKiB, Long softLimitKiB, Long swapHardLimitKiB, Long minGuaranteeKiB) {

    /** libvirt's "unlimited": 2^53 - 1 KiB. */
    public static final long UNLIMITED = 9007199254740991L;

    /** Returns whether nothing is set. */
    public boolean isEmpty() {
        return hardLimitKiB == null && softLimitKiB == null && swapHardLimitKiB == null && minGuaranteeKiB == null;
    }

    /** Returns whether a limit is set and is not "unlimited". */
    public static boolean limits(Long kib) {
        return kib != null && kib < UNLIMITED;
    }
}
