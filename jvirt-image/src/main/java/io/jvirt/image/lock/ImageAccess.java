package io.jvirt.image.lock;

import static io.jvirt.image.lock.Permission.ALL;
import static io.jvirt.image.lock.Permission.CONSISTENT_READ;
import static io.jvirt.image.lock.Permission.RESIZE;
import static io.jvirt.image.lock.Permission.WRITE;
import static io.jvirt.image.lock.Permission.WRITE_UNCHANGED;

/**
 * What a user of an image asks of it: the permissions its user (QEMU's BlockBackend, or a
 * block job) holds and shares on the image's format layer, plus the two open flags that change
 * the lock bytes further down. The factories are qemu-img's open flags: {@link #read()} is
 * flags 0, {@link #write()} is {@code BDRV_O_RDWR}, {@link #inspect()} is {@code BDRV_O_NO_IO},
 * {@link #withNoShare()} is {@code BDRV_O_NO_SHARE}, {@link #withResize()} is {@code
 * BDRV_O_RESIZE} and {@link #withForceShare(boolean)} is {@code force-share=on} ({@code -U}).
 * Whether the image is opened writable is the open's own choice ({@code readOnly}).
 *
 * @param perm the permissions held on the format layer
 * @param shared the permissions shared there
 * @param noIo the image is opened for its metadata only (no guest data is read)
 * @param forceShare everything is shared with others, whatever the format would need ({@code -U})
 */
public record ImageAccess(int perm, int shared, boolean noIo, boolean forceShare) {

    /** Checks the masks and that force-share only comes with reading. */
    public ImageAccess {
        if ((perm & ~ALL) != 0 || (shared & ~ALL) != 0) {
            throw new IllegalArgumentException("permission masks have four bits, not " + perm + "/" + shared);
        }
        if (forceShare && (perm & (WRITE.bit() | WRITE_UNCHANGED.bit() | RESIZE.bit())) != 0) {
            throw new IllegalArgumentException("force-share can only be used with read-only access, not with "
                    + Permission.names(perm));
        }
    }

    /** @return what qemu-img asks when it reads an image (flags 0): consistent read, everything shared */
    public static ImageAccess read() {
        return new ImageAccess(CONSISTENT_READ.bit(), ALL, false, false);
    }

    /** @return what qemu-img asks when it writes an image ({@code BDRV_O_RDWR}): consistent read and write */
    public static ImageAccess write() {
        return new ImageAccess(CONSISTENT_READ.bit() | WRITE.bit(), ALL, false, false);
    }

    /** @return what {@code qemu-img info} asks ({@code BDRV_O_NO_IO}): no permission, metadata only */
    public static ImageAccess inspect() {
        return new ImageAccess(0, ALL, true, false);
    }

    /** @return metadata only with force-share ({@code qemu-img info -U}): takes no lock byte at all */
    public static ImageAccess peek() {
        return new ImageAccess(0, ALL, true, true);
    }

    /**
     * What {@code qemu-img commit} asks of the backing file it commits into while its job runs
     * (the mirror job's target plus the overlay's backing link): consistent read and write, and
     * resize when the base must grow; it shares everything but resize.
     *
     * @param grow whether the base is smaller than the overlay
     * @return the access
     */
    public static ImageAccess commitTarget(boolean grow) {
        int perm = CONSISTENT_READ.bit() | WRITE.bit() | (grow ? RESIZE.bit() : 0);
        return new ImageAccess(perm, CONSISTENT_READ.bit() | WRITE.bit() | WRITE_UNCHANGED.bit(), false, false);
    }

    /** @return a copy that shares only consistent read and unchanged writes ({@code BDRV_O_NO_SHARE}, convert's sources) */
    public ImageAccess withNoShare() {
        return new ImageAccess(perm, CONSISTENT_READ.bit() | WRITE_UNCHANGED.bit(), noIo, forceShare);
    }

    /** @return a copy that also holds resize ({@code BDRV_O_RESIZE}) */
    public ImageAccess withResize() {
        return new ImageAccess(perm | RESIZE.bit(), shared, noIo, forceShare);
    }

    /**
     * @param force whether to share everything ({@code -U}, {@code --force-share})
     * @return a copy
     * @throws IllegalArgumentException when this access writes
     */
    public ImageAccess withForceShare(boolean force) {
        return new ImageAccess(perm, shared, noIo, force);
    }

    /** @return whether this access changes the image (write, unchanged write or resize) */
    public boolean writes() {
        return (perm & (WRITE.bit() | WRITE_UNCHANGED.bit() | RESIZE.bit())) != 0;
    }
}
