package io.jvirt.image;

import io.jvirt.image.qcow2.Qcow2Checker;
import io.jvirt.image.vdi.VdiChecker;
import io.jvirt.image.vmdk.VmdkChecker;
import java.nio.file.Path;

/**
 * Consistency checks of images, as {@code qemu-img check} does them: qcow2 (with repairs),
 * vmdk and vdi (report only, as in qemu). Raw, vpc, vhdx, qed and qcow images have no check here; the
 * formats the engine does not read are refused when opened.
 */
public final class ImageChecks {

    private ImageChecks() {
    }

    /**
     * Tells whether a format has a check, and a repair of the given kind (qemu-img answers
     * "does not support checks", exit code 63, otherwise).
     *
     * @param format the image format
     * @param repair what would be repaired
     * @return whether {@link #check} supports it
     */
    public static boolean supported(ImageFormat format, CheckResult.Repair repair) {
        return switch (format) {
            case QCOW2 -> true;
            case VMDK, VDI -> repair == CheckResult.Repair.NONE;
            case RAW, VPC, VHDX, QED, QCOW, PARALLELS, DMG, CLOOP, BOCHS, LUKS -> false;
        };
    }

    /**
     * Opens an image the way qemu-img does before it asks for a check, and closes it again:
     * qemu-img reports a file it cannot open (exit code 1) before it finds that the format has
     * no check or no repair (exit code 63).
     *
     * @param path the image
     * @param format its format
     * @throws ImageException when the image cannot be opened
     */
    public static void open(Path path, ImageFormat format) {
        switch (format) {
            case QCOW2, VMDK, VDI -> check(path, format, CheckResult.Repair.NONE);
            case RAW, VPC, VHDX, QED, QCOW, PARALLELS, DMG, CLOOP, BOCHS, LUKS ->
                    Images.open(path, new Images.OpenOptions(format, true, null, false)).close();
        }
    }

    /**
     * Checks an image and repairs what {@code repair} allows. The findings of a damaged image
     * are the result; an exception means the check could not start (the file cannot be opened,
     * or its header is unusable).
     *
     * @param path the image
     * @param format its format (see {@link Images#probe})
     * @param repair what to repair
     * @return the findings
     * @throws ImageException when the image cannot be opened for checking, or of kind
     *     UNSUPPORTED when {@link #supported} says no
     */
    public static CheckResult check(Path path, ImageFormat format, CheckResult.Repair repair) {
        if (!supported(format, repair)) {
            throw new ImageException(ImageException.Kind.UNSUPPORTED, path, repair == CheckResult.Repair.NONE
                    ? "The " + format.qemuName() + " format of image " + path + " does not support checks."
                    : "The " + format.qemuName() + " format of image " + path + " does not support repairs;"
                            + " run the check without -r.");
        }
        return switch (format) {
            case QCOW2 -> Qcow2Checker.check(path, repair);
            case VMDK -> VmdkChecker.check(path);
            case VDI -> VdiChecker.check(path);
            case RAW, VPC, VHDX, QED, QCOW, PARALLELS, DMG, CLOOP, BOCHS, LUKS ->
                    throw new IllegalStateException("unreachable: " + format);
        };
    }
}
