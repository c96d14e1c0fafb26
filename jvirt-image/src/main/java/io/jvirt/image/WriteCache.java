package io.jvirt.image;

import java.util.Locale;

/**
 * How writes to an image reach the disk: qemu-img's {@code -t} cache modes. Every mode but
 * {@link #UNSAFE} is durable at each flush and at close; the others differ in whether the
 * writes go through the page cache ({@link #direct}) and whether each write is durable when it
 * returns ({@link #synchronous}).
 */
public enum WriteCache {
    /** Through the page cache, metadata ordered by fsync barriers, everything durable at flush and close (jvirt's default). */
    WRITEBACK,
    /**
     * As {@link #WRITEBACK}, but the image's data bypasses the page cache (O_DIRECT) where the
     * file system allows it: no dirty pages pile up, and the fsync at close has only the disk's
     * own cache to empty. Pieces that are not aligned to the file system's block go through the
     * page cache. Where O_DIRECT is refused, this is {@link #WRITEBACK}.
     */
    NONE,
    /** Every write durable when it returns (the file is opened with O_DSYNC). */
    WRITETHROUGH,
    /** {@link #NONE} and {@link #WRITETHROUGH} at once: O_DIRECT and O_DSYNC. */
    DIRECTSYNC,
    /**
     * No fsync at all, as qemu-img convert's default: fastest, but a host crash may leave the
     * target incomplete or inconsistent. For scratch targets that are rewritten after a crash.
     */
    UNSAFE;

    /** @return whether writes bypass the page cache (O_DIRECT) where the file system allows it */
    public boolean direct() {
        return switch (this) {
            case NONE, DIRECTSYNC -> true;
            case WRITEBACK, WRITETHROUGH, UNSAFE -> false;
        };
    }

    /** @return whether each write is durable when it returns (O_DSYNC) */
    public boolean synchronous() {
        return switch (this) {
            case WRITETHROUGH, DIRECTSYNC -> true;
            case WRITEBACK, NONE, UNSAFE -> false;
        };
    }

    /**
     * Parses one of qemu-img's cache mode names.
     *
     * @param name writeback, none, writethrough, directsync or unsafe
     * @return the mode
     * @throws ImageException of kind {@code INVALID_ARGUMENT} for another name
     */
    public static WriteCache parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "writeback" -> WRITEBACK;
            case "none" -> NONE;
            case "writethrough" -> WRITETHROUGH;
            case "directsync" -> DIRECTSYNC;
            case "unsafe" -> UNSAFE;
            default -> throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, null, "Cache mode '" + name
                    + "' is not known; use writeback, none, writethrough, directsync or unsafe.");
        };
    }
}
