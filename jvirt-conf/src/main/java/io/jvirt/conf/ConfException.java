package io.jvirt.conf;

import java.util.Comparator;
import java.util.List;

/**
 * The one failure type of the configuration subsystem: XML that cannot be read, names an
 * element or attribute the model does not know, or describes an invalid definition.
 *
 * <p>{@link #kind()} is a stable code callers may switch on; {@link #getMessage()} is a
 * whole sentence meant for the user, prefixed with the XML line when one is known, such as
 * {@code "network XML line 7: ..."}. The document kind in that prefix ({@link #document()})
 * is set by the entry point that parsed the document ({@code DomainXml}, {@code NetworkXml}).
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
        CONFLICT,
        /** A change refers to an entry the definition does not have, such as a DHCP host to remove. */
        NOT_FOUND,
        /** A name or value the format knows (libvirt accepts it) that jvirt does not support yet. */
        UNSUPPORTED
    }

    private final Kind kind;
    private final int line;
    private final String detail;
    private final String document;
    private final List<ConfException> problems;

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
        this(kind, line, detail, null);
    }

    private ConfException(Kind kind, int line, String detail, String document) {
        super(line > 0 ? (document == null ? "" : document + " ") + "XML line " + line + ": " + detail : detail);
        this.kind = kind;
        this.line = line;
        this.detail = detail;
        this.document = document;
        this.problems = List.of(this);
    }

    private ConfException(List<ConfException> problems, String document) {
        super(summary(problems, document));
        this.kind = problems.getFirst().kind;
        this.line = -1;
        this.detail = summary(problems, null);
        this.document = document;
        this.problems = problems;
    }

    /**
     * Returns one exception carrying every problem of a document, so that a user sees them all
     * at once; a single problem is returned as it is.
     *
     * @param problems the problems, at least one; they are listed by line
     * @return the exception
     */
    public static ConfException combine(List<ConfException> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems to combine");
        }
        List<ConfException> flat = problems.stream().flatMap(p -> p.problems().stream())
                .sorted(Comparator.comparingInt(p -> p.line > 0 ? p.line : Integer.MAX_VALUE)).toList();
        return flat.size() == 1 ? flat.getFirst() : new ConfException(flat, null);
    }

    private static String summary(List<ConfException> problems, String document) {
        StringBuilder sb = new StringBuilder(document == null ? "The document" : document + " XML")
                .append(" has ").append(problems.size()).append(" problems:");
        for (ConfException p : problems) {
            sb.append("\n  ").append(p.line > 0 ? "line " + p.line + ": " : "").append(p.detail);
        }
        return sb.toString();
    }

    /**
     * Returns every problem this exception reports: itself alone, or each problem of a
     * document when several were found at once.
     */
    public List<ConfException> problems() {
        return problems;
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
     * Returns the kind of document the failure was found in, such as {@code "domain"} or
     * {@code "network"}, or null when the entry point did not say.
     */
    public String document() {
        return document;
    }

    /**
     * Returns this failure tied to the given line, unless it already carries one; of several
     * problems, each one without a line gets it.
     *
     * @param xmlLine the 1-based line
     * @return an exception with the same kind and detail and a line
     */
    public ConfException atLine(int xmlLine) {
        if (problems.size() > 1 && xmlLine > 0) {
            // each of several problems of one element gets the element's line
            return combine(problems.stream().map(p -> p.atLine(xmlLine)).toList());
        }
        if (line > 0 || xmlLine <= 0 || problems.size() > 1) {
            return this;
        }
        ConfException e = new ConfException(kind, xmlLine, detail, document);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /**
     * Returns this failure naming the kind of document it was found in, which the message
     * prefix then shows ({@code "network XML line 7: ..."}); a document already named is kept.
     *
     * @param documentKind a lower-case noun such as {@code "domain"} or {@code "network"}
     * @return an exception with the same kind, line and detail
     */
    public ConfException inDocument(String documentKind) {
        if (document != null || documentKind == null) {
            return this;
        }
        if (problems.size() > 1) {
            ConfException all = new ConfException(problems.stream().map(p -> p.inDocument(documentKind)).toList(),
                    documentKind);
            all.setStackTrace(getStackTrace());
            return all;
        }
        ConfException e = new ConfException(kind, line, detail, documentKind);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
