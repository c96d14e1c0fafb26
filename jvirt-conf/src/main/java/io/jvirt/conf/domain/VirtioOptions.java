package io.jvirt.conf.domain;

/**
 * The virtio attributes libvirt accepts on a virtio device's {@code <driver>}: {@code iommu},
 * {@code ats}, {@code packed} and {@code page_per_vq}, each on/off or unset.
 *
 * @param iommu whether the device uses the guest's IOMMU ({@code iommu_platform})
 * @param ats whether Address Translation Services are on
 * @param packed whether the packed virtqueue layout is used
 * @param pagePerVq whether each queue gets its own notification page
 */
public record VirtioOptions(Boolean iommu, Boolean ats, Boolean packed, Boolean pagePerVq) {

    /** No option set. */
    public static final VirtioOptions NONE = new VirtioOptions(null, null, null, null);

    /** Returns whether any option is set. */
    public boolean any() {
        return iommu != null || ats != null || packed != null || pagePerVq != null;
    }
}
