package io.jvirt.image.foreign;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The one failure of the foreign image readers: a stable {@link Kind}, the image path and
 * a message that is a whole sentence naming the file and the problem.
 */
public final class ForeignImageException extends IOException {

    /** Stable classification of a failure, suitable for exit codes and API error codes. */
    public enum Kind {
        /** The file carries none of the magic bytes of a supported format. */
        NOT_RECOGNIZED,
        /** A structure or data block lies past the end of the file. */
        TRUNCATED,
        /** A field holds an impossible value or structures contradict each other. */
        CORRUPT,
        /** The file is well formed but uses a feature the readers do not implement. */
        UNSUPPORTED,
        /** A size exceeds what the readers accept, to keep memory and time bounded. */
        LIMIT_EXCEEDED,
        /** The operating system failed to read the file. */
        IO_ERROR
    }

    private final Kind kind;
    private final Path path;

    /**
     * Creates an exception.
     *
     * @param kind    the stable classification
     * @param path    the image file concerned
     * @param message a whole sentence that names the file and the problem
     * @param cause   the underlying failure, or {@code null}
     */
    public ForeignImageException(Kind kind, Path path, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.path = Objects.requireNonNull(path, "path");
    }

    /** Returns the stable classification. */
    public Kind kind() {
        return kind;
    }

    /** Returns the image file concerned. */
    public Path path() {
        return path;
    }

    /**
     * Reports a malformed image: "image P is not a valid F file: PROBLEM."
     *
     * @param kind    {@link Kind#TRUNCATED} or {@link Kind#CORRUPT}
     * @param path    the image
     * @param format  the human name of the format, such as "VMDK"
     * @param problem a clause that describes the fault without a final period
     * @return the exception, for the caller to throw
     */
    public static ForeignImageException invalid(Kind kind, Path path, String format, String problem) {
        return new ForeignImageException(kind, path,
                "image " + path + " is not a valid " + format + " file: " + problem + ".", null);
    }

    /**
     * Reports an image that uses an unimplemented feature:
     * "image P uses a F feature that jvirt cannot import: PROBLEM."
     */
    public static ForeignImageException unsupported(Path path, String format, String problem) {
        return new ForeignImageException(Kind.UNSUPPORTED, path,
                "image " + path + " uses a " + format + " feature that jvirt cannot import: " + problem + ".", null);
    }

    /**
     * Reports a size beyond the readers' limits:
     * "image P is too large for jvirt to import as F: PROBLEM."
     */
    public static ForeignImageException limit(Path path, String format, String problem) {
        return new ForeignImageException(Kind.LIMIT_EXCEEDED, path,
                "image " + path + " is too large for jvirt to import as " + format + ": " + problem + ".", null);
    }

    /** Reports a failed system call: "image P could not be read: DETAIL." */
    public static ForeignImageException io(Path path, IOException cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new ForeignImageException(Kind.IO_ERROR, path,
                "image " + path + " could not be read: " + detail + ".", cause);
    }
}
