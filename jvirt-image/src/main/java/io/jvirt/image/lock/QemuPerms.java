package io.jvirt.image.lock;

import static io.jvirt.image.lock.Permission.ALL;
import static io.jvirt.image.lock.Permission.CONSISTENT_READ;
import static io.jvirt.image.lock.Permission.RESIZE;
import static io.jvirt.image.lock.Permission.WRITE;
import static io.jvirt.image.lock.Permission.WRITE_UNCHANGED;

import io.jvirt.image.ImageFormat;

/**
 * QEMU 7.2's permission rules for the nodes jvirt opens, as pure functions (block.c: {@code
 * bdrv_default_perms_for_storage}, {@code bdrv_default_perms_for_cow}, {@code
 * bdrv_filter_default_perms}, {@code bdrv_child_perm}; block/raw-format.c: {@code
 * raw_child_perm}). A format layer (qcow2, raw, ...) passes its users' demand, an {@link
 * ImageAccess}, down to the file it reads ({@link #file}) and to its backing image ({@link
 * #backing}); the file's {@link LockPerms} are what {@link ImageLock} locks.
 */
public final class QemuPerms {

    private static final int W_RESIZE = WRITE.bit() | RESIZE.bit();

    private QemuPerms() {
    }

    /**
     * The permissions an image's file holds and shares.
     *
     * @param format the image's format
     * @param access the demand on the format layer
     * @param writable whether the image is opened for writing
     * @return the file's permissions
     */
    public static LockPerms file(ImageFormat format, ImageAccess access, boolean writable) {
        LockPerms p = switch (format) {
            // raw's file is a filtered child: the demand passes through unchanged
            case RAW -> new LockPerms(access.perm(), access.shared());
            // every other format driver holds its file as data and metadata (BDRV_CHILD_IMAGE)
            case QCOW2, VMDK, VDI, VPC, VHDX, QED, QCOW, PARALLELS, DMG, CLOOP, BOCHS, LUKS -> storage(access, writable);
        };
        return access.forceShare() ? new LockPerms(p.perm(), ALL) : p;
    }

    /**
     * The demand a format layer makes on its backing image: consistent read if its users read;
     * it shares write and resize only when its users share write. Backing images are opened
     * read-only and inherit no-I/O and force-share.
     *
     * @param parent the demand on the layer above
     * @return the demand on its backing image
     */
    public static ImageAccess backing(ImageAccess parent) {
        int perm = parent.perm() & CONSISTENT_READ.bit();
        int shared = (parent.shared() & WRITE.bit()) != 0 ? W_RESIZE : 0;
        shared |= CONSISTENT_READ.bit() | WRITE_UNCHANGED.bit();
        if (parent.forceShare()) {
            shared = ALL;
        }
        return new ImageAccess(perm, shared, parent.noIo(), parent.forceShare());
    }

    /**
     * What {@code qemu-img create} holds on the file it creates, over all its steps: the
     * protocol driver's create (write and resize, sharing all but resize) and, for qcow2, the
     * opens that write the new metadata (qcow2's file held for writing).
     *
     * @param format the format created
     * @return the union of the steps' permissions
     */
    public static LockPerms create(ImageFormat format) {
        LockPerms protocol = new LockPerms(W_RESIZE, ALL & ~RESIZE.bit());
        return switch (format) {
            case RAW -> protocol;
            case QCOW2, VMDK, VDI, VPC, VHDX, QED, QCOW, PARALLELS, DMG, CLOOP, BOCHS, LUKS ->
                    protocol.union(storage(ImageAccess.write().withResize(), true));
        };
    }

    /** bdrv_default_perms_for_storage with the role BDRV_CHILD_DATA | BDRV_CHILD_METADATA. */
    private static LockPerms storage(ImageAccess a, boolean writable) {
        int perm = a.perm();
        int shared = a.shared();
        // metadata: format drivers may write metadata even when their users do not write
        if (writable) {
            perm |= W_RESIZE;
        }
        if (!a.noIo()) {
            perm |= CONSISTENT_READ.bit();
        }
        shared &= ~W_RESIZE;
        // data: nobody else may resize it; unchanged writes are writes down here; writes may grow it
        shared &= ~RESIZE.bit();
        if ((perm & WRITE_UNCHANGED.bit()) != 0) {
            perm |= WRITE.bit();
        }
        if ((perm & WRITE.bit()) != 0) {
            perm |= RESIZE.bit();
        }
        return new LockPerms(perm, shared);
    }
}
