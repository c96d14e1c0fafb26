package io.jvirt.image.lock;

import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.sys.Libc;
import io.jvirt.sys.OfdLocks;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * QEMU's lock bytes on one image file, held on a descriptor of its own for as long as this
 * object is open ({@code raw_apply_lock_bytes} then {@code raw_check_lock_bytes} of QEMU's
 * block/file-posix.c): first a shared OFD lock on byte {@code 100 + bit} of every permission
 * held and on {@code 200 + bit} of every permission not shared, then a test that no other
 * open file description locks {@code 200 + bit} of a permission held or {@code 100 + bit} of
 * one not shared. Taking before testing means two users racing for an image cannot both win.
 * Closing releases every byte.
 *
 * <p>As with QEMU, a file whose file system cannot take OFD locks is refused (an {@code IO}
 * error saying so), and a JVM that cannot call libc takes no locks. Descriptors are
 * close-on-exec, so no child process inherits a lock.
 */
public final class ImageLock implements AutoCloseable {

    private final Path path;
    private final LockPerms perms;
    private int fd;

    private ImageLock(Path path, LockPerms perms, int fd) {
        this.path = path;
        this.perms = perms;
        this.fd = fd;
    }

    /**
     * Takes the lock bytes of {@code perms} on a file.
     *
     * @param path an existing file
     * @param perms what to hold and share
     * @return the held lock
     * @throws ImageException of kind {@code IN_USE} when another user's permissions conflict
     */
    public static ImageLock acquire(Path path, LockPerms perms) {
        if (perms.none()) {
            return new ImageLock(path, perms, -1);
        }
        int fd;
        try {
            fd = OfdLocks.open(path);
        } catch (Libc.Unavailable e) {
            return new ImageLock(path, perms, -1);
        }
        if (fd < 0) {
            throw new ImageException(ImageException.Kind.NOT_FOUND, path,
                    "Image " + path + " cannot be opened to lock it.");
        }
        ImageLock lock = new ImageLock(path, perms, fd);
        try {
            lock.take();
            return lock;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Takes what {@code qemu-img create} holds on a file it creates, making the file first
     * when it does not exist. An existing file is not changed: the lock decides whether it
     * may be truncated.
     *
     * @param path the file to create or replace
     * @param format the format to create
     * @return the held lock
     * @throws ImageException of kind {@code IN_USE} when the file is in use
     */
    public static ImageLock forCreate(Path path, ImageFormat format) {
        try (FileChannel ignored = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // exists now, untouched if it existed
        } catch (IOException e) {
            throw new ImageException(ImageException.Kind.IO, path,
                    "Image " + path + " cannot be created: " + e.getMessage() + ".", e);
        }
        return acquire(path, QemuPerms.create(format));
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /** @return what this lock holds and shares */
    public LockPerms perms() {
        return perms;
    }

    /** @return whether lock bytes are held (false with nothing to lock, or where the file system cannot lock) */
    public boolean held() {
        return fd >= 0;
    }

    private void take() {
        try {
            for (int b : perms.lockedBytes()) {
                if (!OfdLocks.set(fd, OfdLocks.Type.READ, b, 1)) {
                    // refused: another description's lock in the way, or a file that cannot be locked
                    if (!free(b)) {
                        throw inUse("holds byte " + b + " of its lock range exclusively", "Failed to lock byte " + b);
                    }
                    throw new ImageException(ImageException.Kind.IO, path, "Image " + path + " cannot be locked "
                            + "(qemu-img: Failed to lock byte " + b + "); its file system may not support OFD locks.");
                }
            }
            for (Permission p : Permission.values()) {
                if (perms.holds(p) && !free(p.unsharedByte())) {
                    throw inUse("does not share the \"" + p.qemuName() + "\" permission",
                            "Failed to get \"" + p.qemuName() + "\" lock");
                }
            }
            for (Permission p : Permission.values()) {
                if (!perms.shares(p) && !free(p.heldByte())) {
                    throw inUse("holds the \"" + p.qemuName() + "\" permission",
                            "Failed to get shared \"" + p.qemuName() + "\" lock");
                }
            }
        } catch (Libc.Unavailable e) {
            close();
        }
    }

    /** Whether no other description locks byte {@code b} (QEMU's qemu_lock_fd_test with an exclusive lock). */
    private boolean free(int b) {
        return OfdLocks.test(fd, OfdLocks.Type.WRITE, b, 1).orElseThrow(() -> new ImageException(
                ImageException.Kind.IO, path, "Image " + path + " cannot be locked: fcntl(F_OFD_GETLK) failed on byte "
                        + b + "; its file system may not support OFD locks.")).free();
    }

    private ImageException inUse(String what, String qemuWords) {
        return new ImageException(ImageException.Kind.IN_USE, path, "Image " + path
                + " is in use by another process (such as QEMU or qemu-img) that " + what + " (qemu-img: "
                + qemuWords + ").");
    }

    /** Releases every lock byte (closes the descriptor). */
    @Override
    public void close() {
        if (fd >= 0) {
            Libc.close(fd);
            fd = -1;
        }
    }

    @Override
    public String toString() {
        return "lock on " + path + " (" + perms + (held() ? "" : ", not held") + ")";
    }
}
