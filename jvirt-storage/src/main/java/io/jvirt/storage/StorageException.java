package io.jvirt.storage;

import java.util.Objects;

/**
 * The one exception of the storage subsystem. It carries a stable {@link Kind} (external
 * name {@link #code()}, such as {@code STORAGE_NO_SPACE}), the pool and volume it is about
 * when known, and a whole-sentence message meant for users. Failures of the image engine and
 * of the XML model arrive wrapped, with their exception as the cause.
 */
public final class StorageException extends RuntimeException {

    /** Stable failure categories. */
    public enum Kind {
        /** A pool or volume name is not acceptable, or would reach outside its pool. */
        INVALID_NAME,
        /** A caller-supplied value or combination is invalid (sizes, formats, flags). */
        INVALID_ARGUMENT,
        /** The pool directory, the device, or the volume does not exist. */
        NOT_FOUND,
        /** A volume of that name already exists. */
        EXISTS,
        /** The pool has too little free space for what was asked; nothing was written. */
        NO_SPACE,
        /** The pool, its file system or its backend cannot do this (for example reflink on ext4). */
        UNSUPPORTED,
        /** The operation needs a running pool, and the pool is not running. */
        POOL_INACTIVE,
        /** The operation needs a stopped pool, and the pool is running. */
        POOL_ACTIVE,
        /** The pool directory still holds files. */
        POOL_NOT_EMPTY,
        /** The device already holds a file system or is mounted, and overwriting was not asked. */
        DEVICE_IN_USE,
        /** An external command (mkfs, mount, umount, blkid) failed; its message is quoted. */
        COMMAND_FAILED,
        /** The image engine refused or failed; the cause is an {@code ImageException}. */
        IMAGE,
        /** The operating system reported an I/O error. */
        IO,
        /** Another process (QEMU, qemu-img, another jvirt) holds the volume's image locks; nothing was changed. */
        IMAGE_IN_USE
    }

    private final Kind kind;
    private final String pool;
    private final String volume;

    /**
     * Creates an exception.
     *
     * @param kind stable category
     * @param pool the pool concerned, or null
     * @param volume the volume concerned, or null
     * @param message whole-sentence message
     */
    public StorageException(Kind kind, String pool, String volume, String message) {
        this(kind, pool, volume, message, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param kind stable category
     * @param pool the pool concerned, or null
     * @param volume the volume concerned, or null
     * @param message whole-sentence message
     * @param cause underlying failure, or null
     */
    public StorageException(Kind kind, String pool, String volume, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
        this.pool = pool;
        this.volume = volume;
    }

    /** Returns the stable category. */
    public Kind kind() {
        return kind;
    }

    /** Returns the stable external code, for example {@code STORAGE_NO_SPACE}. */
    public String code() {
        return "STORAGE_" + kind.name();
    }

    /** Returns the pool concerned, or null. */
    public String pool() {
        return pool;
    }

    /** Returns the volume concerned, or null. */
    public String volume() {
        return volume;
    }
}
