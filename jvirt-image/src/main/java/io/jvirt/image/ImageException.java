package io.jvirt.image;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The one exception of the image engine. It carries a stable {@link Kind}, the image it is
 * about (when there is one) and a whole-sentence message meant for users.
 */
public final class ImageException extends RuntimeException {

    /** Stable failure categories; {@link #code()} is their external name. */
    public enum Kind {
        /** The file does not exist or cannot be opened. */
        NOT_FOUND,
        /** The operating system reported an I/O error. */
        IO,
        /** No known format signature was found. */
        UNKNOWN_FORMAT,
        /** The file ends before a structure it declares. */
        TRUNCATED,
        /** Metadata is inconsistent or points to impossible places. */
        CORRUPT,
        /** The image uses a feature this engine does not implement. */
        UNSUPPORTED,
        /** A caller-supplied option or argument is invalid. */
        INVALID_ARGUMENT,
        /** A write was attempted on an image opened read-only. */
        READ_ONLY,
        /** A backing file is missing, loops, or escapes its allowed directory. */
        BACKING,
        /** A size or count exceeds the engine's limits. */
        TOO_LARGE,
        /** The target already exists or a name is already taken. */
        EXISTS,
        /** A refcount would exceed the maximum its width can hold. */
        REFCOUNT_OVERFLOW,
        /** Another user (QEMU, qemu-img, jvirt) holds the image in a way that conflicts (its lock bytes). */
        IN_USE
    }

    private final Kind kind;
    private final Path path;

    /**
     * Creates an exception.
     *
     * @param kind stable category
     * @param path image concerned, or null
     * @param message whole-sentence message
     */
    public ImageException(Kind kind, Path path, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind);
        this.path = path;
    }

    /**
     * Creates an exception with a cause.
     *
     * @param kind stable category
     * @param path image concerned, or null
     * @param message whole-sentence message
     * @param cause underlying failure
     */
    public ImageException(Kind kind, Path path, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
        this.path = path;
    }

    /** @return the stable category */
    public Kind kind() {
        return kind;
    }

    /** @return the image concerned, or null */
    public Path path() {
        return path;
    }

    /** @return the stable external code, e.g. {@code IMAGE_CORRUPT} */
    public String code() {
        return "IMAGE_" + kind.name();
    }

    /** Wraps an I/O failure on an image. */
    static ImageException io(Path path, java.io.IOException e) {
        return new ImageException(Kind.IO, path,
                "An I/O error occurred on image " + path + ": " + e.getMessage() + ".", e);
    }
}
