package io.jvirt.storage.internal;

import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.image.ImageFormat;

/** Maps between the XML model's volume formats and the image engine's formats. */
public final class Formats {

    private Formats() {
    }

    /**
     * @param f an engine format the engine reads (callers check {@link ImageFormat#readable()})
     * @return the volume format
     */
    public static VolumeFormat of(ImageFormat f) {
        return switch (f) {
            case RAW -> VolumeFormat.RAW;
            case QCOW2 -> VolumeFormat.QCOW2;
            case VMDK -> VolumeFormat.VMDK;
            case VDI -> VolumeFormat.VDI;
            case VPC -> VolumeFormat.VPC;
            case VHDX -> VolumeFormat.VHDX;
            case QED -> VolumeFormat.QED;
            case QCOW -> VolumeFormat.QCOW;
            case PARALLELS, DMG, CLOOP, BOCHS, LUKS -> throw new IllegalArgumentException(
                    "The " + f.qemuName() + " format is detected but not read, so no volume has it.");
        };
    }

    /**
     * @param f a volume format
     * @return the engine format
     */
    public static ImageFormat of(VolumeFormat f) {
        return switch (f) {
            case RAW -> ImageFormat.RAW;
            case QCOW2 -> ImageFormat.QCOW2;
            case VMDK -> ImageFormat.VMDK;
            case VDI -> ImageFormat.VDI;
            case VPC -> ImageFormat.VPC;
            case VHDX -> ImageFormat.VHDX;
            case QED -> ImageFormat.QED;
            case QCOW -> ImageFormat.QCOW;
        };
    }

    /**
     * Maps a format name stored in an image header; unknown names give null (detect instead).
     *
     * @param name a qemu format name
     * @return the volume format, or null
     */
    public static VolumeFormat ofName(String name) {
        for (VolumeFormat f : VolumeFormat.values()) {
            if (f.xml().equals(name)) {
                return f;
            }
        }
        return name.equals("vhd") ? VolumeFormat.VPC : null;
    }
}
