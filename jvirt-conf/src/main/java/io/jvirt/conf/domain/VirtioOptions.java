package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;

/**
 * The virtio transport options libvirt accepts on the {@code <driver>} of every virtio device
 * ({@code virtioOptions} in libvirt's schema), each null when not given.
 *
 * @param iommu whether the device goes through the guest's IOMMU ({@code iommu_platform})
 * @param ats whether it uses PCIe address translation services
 * @param packed whether it uses packed virtqueues
 * @param pagePerVq whether each virtqueue gets its own notification page
 */
public record VirtioOptions(Boolean iommu, Boolean ats, Boolean packed, Boolean pagePerVq) {

    /** No option given. */
    public static final VirtioOptions NONE = new VirtioOptions(null, null, null, null);

    /** Returns whether no option is given. */
    public boolean isEmpty() {
        return iommu == null && ats == null && packed == null && pagePerVq == null;
    }

    /**
     * Reads the options from a {@code <driver>} element (the caller reads its other attributes).
     *
     * @param driver the element, or null
     * @return the options, {@link #NONE} when the element is absent
     */
    static VirtioOptions read(XmlCursor driver) {
        if (driver == null) {
            return NONE;
        }
        VirtioOptions o = new VirtioOptions(driver.onOffAttr("iommu"), driver.onOffAttr("ats"),
                driver.onOffAttr("packed"), driver.onOffAttr("page_per_vq"));
        return o.isEmpty() ? NONE : o;
    }

    /**
     * Writes the options as attributes, in libvirt's order.
     *
     * @param driver the {@code <driver>} element being written
     * @return the element
     */
    XmlOut write(XmlOut driver) {
        return driver.onOff("iommu", iommu).onOff("ats", ats).onOff("packed", packed).onOff("page_per_vq", pagePerVq);
    }
}
