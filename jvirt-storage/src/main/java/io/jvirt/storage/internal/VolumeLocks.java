package io.jvirt.storage.internal;

import io.jvirt.image.ImageFormat;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.lock.ImageLock;
import io.jvirt.image.lock.LockPerms;
import io.jvirt.image.lock.QemuPerms;

/**
 * The image locks of volume operations that touch a volume's file directly (bytes streamed in
 * or out, wiped, deleted) rather than through the image engine, which locks by itself. They
 * are QEMU's lock bytes ({@link ImageLock}), so QEMU, qemu-img and jvirt img on this host see
 * them, and a refusal leaves the file as it was.
 */
public final class VolumeLocks {

    /** Reading the file's bytes: consistent read, not sharing write or resize (a convert source). */
    static final LockPerms READ = QemuPerms.file(ImageFormat.RAW, ImageAccess.read().withNoShare(), false);
    /** Writing the file's bytes and its length: sharing consistent read and unchanged writes only. */
    static final LockPerms WRITE = QemuPerms.file(ImageFormat.RAW,
            ImageAccess.write().withResize().withNoShare(), true);

    private VolumeLocks() {
    }

    /** Locks a volume for reading its bytes (vol-download). */
    static ImageLock read(VolumeDir dir, VolumeDir.Located v) {
        return VolumeCreator.engine(dir, v.name(), () -> ImageLock.acquire(v.path(), READ));
    }

    /** Locks a volume for writing its bytes (vol-upload). */
    static ImageLock write(VolumeDir dir, VolumeDir.Located v) {
        return VolumeCreator.engine(dir, v.name(), () -> ImageLock.acquire(v.path(), WRITE));
    }

    /** Locks a volume for making it again in {@code format} (vol-wipe), as qemu-img create would. */
    static ImageLock recreate(VolumeDir dir, VolumeDir.Located v, ImageFormat format) {
        return VolumeCreator.engine(dir, v.name(), () -> ImageLock.acquire(v.path(), QemuPerms.create(format)));
    }

    /** Locks a volume against every other user (vol-delete). */
    static ImageLock exclusive(VolumeDir dir, VolumeDir.Located v) {
        return VolumeCreator.engine(dir, v.name(), () -> ImageLock.acquire(v.path(), LockPerms.EXCLUSIVE));
    }
}
