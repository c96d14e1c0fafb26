package io.jvirt.image;

import java.util.Locale;

/**
 * How writes to an image reach the disk: qemu-img's {@code -t} cache modes, reduced to what
 * they mean for durability. jvirt never bypasses the page cache (O_DIRECT), so {@code none}
 * behaves as {@code writeback}: ordered, and durable at every flush and at close.
 */
public enum WriteCache {
    /** Metadata ordered by fsync barriers, everything durable at flush and close (jvirt's default). */
    WRITEBACK,
    /** Every write durable when it returns (the file is opened with O_DSYNC). */
    WRITETHROUGH,
    /**
     * No fsync at all, as qemu-img convert's default: fastest, but a host crash may leave the
     * target incomplete or inconsistent. For scratch targets that are rewritten after a crash.
     */
    UNSAFE;

    /**
     * Parses one of qemu-img's cache mode names.
     *
     * @param name writeback, none, writethrough, directsync or unsafe
     * @return the mode
     * @throws ImageException of kind {@code INVALID_ARGUMENT} for another name
     */
    public static WriteCache parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "writeback", "none" -> WRITEBACK;
            case "writethrough", "directsync" -> WRITETHROUGH;
            case "unsafe" -> UNSAFE;
            default -> throw new ImageException(ImageException.Kind.INVALID_ARGUMENT, null, "Cache mode '" + name
                    + "' is not known; use writeback, none, writethrough, directsync or unsafe.");
        };
    }
}
