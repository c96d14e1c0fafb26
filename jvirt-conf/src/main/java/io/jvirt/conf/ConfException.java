package io.jvirt.conf;

/**
 * The one failure type of the configuration subsystem: XML that cannot be read, names an
 * element or attribute the model does not know, or describes an invalid definition.
 *
 * <p>{@link #kind()} is a stable code callers may switch on; {@link #getMessage()} is a
 * whole sentence meant for the user, prefixed with the XML line when one is known.
 */
public final class ConfException extends RuntimeException {

    /** Stable category of a configuration failure. */
    public enum Kind {
        /** The text is not well-formed XML, or uses a forbidden construct such as a DTD. */
        XML_SYNTAX,
        /** An element the model does not support. */
        UNKNOWN_ELEMENT,
        /** An attribute the model does not support. */
        UNKNOWN_ATTRIBUTE,
        /** A value that is syntactically or semantically invalid. */
        INVALID_VALUE,
        /** A required element, attribute or text is absent. */
        MISSING_VALUE,
        /** An element or value that may appear only once appears more often. */
        DUPLICATE,
        /** Two values that are each valid contradict each other. */
        CONFLICT
    }

    private final Kind kind;
    private final int line;
    private final String detail;

    /**
     * Creates an exception not tied to an XML line.
     *
     * @param kind the stable category
     * @param detail a whole-sentence message
     */
    public ConfException(Kind kind, String detail) {
        this(kind, -1, detail);
    }

    /**
     * Creates an exception tied to an XML line.
     *
     * @param kind the stable category
     * @param line the 1-based line in the XML document, or -1 when unknown
     * @param detail a whole-sentence message without any line prefix
     */
    public ConfException(Kind kind, int line, String detail) {
        super(line > 0 ? "domain XML line " + line + ": " + detail : detail);
        this.kind = kind;
        this.line = line;
        this.detail = detail;
    }

    /** Returns the stable category of this failure. */
    public Kind kind() {
        return kind;
    }

    /** Returns the 1-based XML line this failure refers to, or -1 when unknown. */
    public int line() {
        return line;
    }

    /** Returns the message without the line prefix. */
    public String detail() {
        return detail;
    }

    /**
     * Returns this failure tied to the given line, unless it already carries one.
     *
     * @param xmlLine the 1-based line
     * @return an exception with the same kind and detail and a line
     */
    public ConfException atLine(int xmlLine) {
        if (line > 0 || xmlLine <= 0) {
            return this;
        }
        ConfException e = new ConfException(kind, xmlLine, detail);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
