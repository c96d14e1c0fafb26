package io.jvirt.conf.xml;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Strict reading view of one {@link XmlElement}: every attribute, child and text the caller
 * asks for is marked as consumed, and {@link #finish()} rejects whatever is left, naming it
 * and its line. Errors thrown by value constructors inside {@link #build(Supplier)} gain
 * this element's line.
 */
public final class XmlCursor {

    private final XmlElement element;
    private final String parentName;
    private final Problems problems;
    private final Set<String> usedAttributes = new HashSet<>();
    private final boolean[] usedChildren;
    private boolean usedText;

    /**
     * Wraps an element.
     *
     * @param element the element to read
     */
    public XmlCursor(XmlElement element) {
        this(element, Problems.failFast());
    }

    /**
     * Wraps an element whose problems go to a sink: a collecting sink keeps every unknown
     * name and duplicate that {@link #finish()} and {@link #child(String)} find.
     *
     * @param element the element to read
     * @param problems where problems go
     */
    public XmlCursor(XmlElement element, Problems problems) {
        this(element, "(root)", problems);
    }

    private XmlCursor(XmlElement element, String parentName, Problems problems) {
        this.element = element;
        this.parentName = parentName;
        this.problems = problems;
        this.usedChildren = new boolean[element.children().size()];
    }

    /** Returns the sink this element's problems go to. */
    public Problems problems() {
        return problems;
    }

    /** Returns the element name. */
    public String name() {
        return element.name();
    }

    /** Returns the 1-based line of the element. */
    public int line() {
        return element.line();
    }

    /**
     * Creates an error tied to this element's line.
     *
     * @param kind the category
     * @param detail a whole-sentence message
     * @return the exception, for the caller to throw
     */
    public ConfException error(Kind kind, String detail) {
        return new ConfException(kind, element.line(), detail);
    }

    /**
     * Runs a value constructor and ties any configuration error it raises to this line.
     *
     * @param constructor builds the value
     * @param <T> the value type
     * @return the value
     */
    public <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (ConfException e) {
            throw e.atLine(element.line());
        }
    }

    /**
     * Returns an optional attribute.
     *
     * @param name the attribute name
     * @return its value, or null when absent
     */
    public String attr(String name) {
        usedAttributes.add(name);
        return element.attributes().get(name);
    }

    /**
     * Returns a required attribute.
     *
     * @param name the attribute name
     * @return its value
     */
    public String requireAttr(String name) {
        String v = attr(name);
        if (v == null) {
            throw error(Kind.MISSING_VALUE, "<" + name() + "> is missing the required attribute '" + name + "'.");
        }
        return v;
    }

    /**
     * Returns an optional enum attribute.
     *
     * @param name the attribute name
     * @param type the enum class
     * @param <E> the enum type
     * @return the constant, or null when absent
     */
    public <E extends Enum<E> & XmlEnum> E enumAttr(String name, Class<E> type) {
        String v = attr(name);
        return v == null ? null : toEnum(name, v, type);
    }

    /**
     * Returns a required enum attribute.
     *
     * @param name the attribute name
     * @param type the enum class
     * @param <E> the enum type
     * @return the constant
     */
    public <E extends Enum<E> & XmlEnum> E requireEnumAttr(String name, Class<E> type) {
        return toEnum(name, requireAttr(name), type);
    }

    private <E extends Enum<E> & XmlEnum> E toEnum(String name, String v, Class<E> type) {
        E e = XmlEnum.fromXml(type, v);
        if (e == null) {
            throw invalid(name, v, "expected one of " + XmlEnum.allowed(type));
        }
        return e;
    }

    /**
     * Returns an optional non-negative integer attribute, in decimal or with a 0x prefix in hex.
     *
     * @param name the attribute name
     * @param max the largest allowed value
     * @return the value, or null when absent
     */
    public Long longAttr(String name, long max) {
        String v = attr(name);
        if (v == null) {
            return null;
        }
        return parseNumber(v.strip(), max, () -> invalid(name, v, "expected a number from 0 to " + max));
    }

    /**
     * Returns an optional non-negative int attribute, in decimal or with a 0x prefix in hex.
     *
     * @param name the attribute name
     * @param max the largest allowed value
     * @return the value, or null when absent
     */
    public Integer intAttr(String name, int max) {
        Long v = longAttr(name, max);
        return v == null ? null : v.intValue();
    }

    /**
     * Returns an optional yes/no attribute.
     *
     * @param name the attribute name
     * @return the value, or null when absent
     */
    public Boolean yesNoAttr(String name) {
        return boolAttr(name, "yes", "no");
    }

    /**
     * Returns an optional on/off attribute.
     *
     * @param name the attribute name
     * @return the value, or null when absent
     */
    public Boolean onOffAttr(String name) {
        return boolAttr(name, "on", "off");
    }

    private Boolean boolAttr(String name, String yes, String no) {
        String v = attr(name);
        if (v == null) {
            return null;
        }
        if (v.equals(yes)) {
            return Boolean.TRUE;
        }
        if (v.equals(no)) {
            return Boolean.FALSE;
        }
        throw invalid(name, v, "expected '" + yes + "' or '" + no + "'");
    }

    /**
     * Creates the error for an attribute whose value is not acceptable.
     *
     * @param attribute the attribute name
     * @param value the value found
     * @param expectation what is expected, without the final period, such as "expected a number"
     * @return the exception, for the caller to throw
     */
    public ConfException invalid(String attribute, String value, String expectation) {
        return error(Kind.INVALID_VALUE, "<" + name() + "> attribute '" + attribute + "' has the invalid value '"
                + printable(value) + "'; " + expectation + ".");
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }

    /**
     * Parses the text of this element as a non-negative number.
     *
     * @param max the largest allowed value
     * @return the value
     */
    public long longText(long max) {
        String v = requireText();
        return parseNumber(v, max, () -> error(Kind.INVALID_VALUE, "<" + name() + "> has the invalid value '" + v
                + "'; expected a number from 0 to " + max + "."));
    }

    private static long parseNumber(String v, long max, Supplier<ConfException> failure) {
        try {
            long n;
            if (v.startsWith("0x") || v.startsWith("0X")) {
                n = Long.parseLong(v.substring(2), 16);
            } else {
                if (v.startsWith("+")) {
                    throw failure.get();
                }
                n = Long.parseLong(v);
            }
            if (n < 0 || n > max) {
                throw failure.get();
            }
            return n;
        } catch (NumberFormatException e) {
            throw failure.get();
        }
    }

    /**
     * Returns the single child with the given name.
     *
     * @param name the element name
     * @return a cursor on it, or null when absent
     */
    public XmlCursor child(String name) {
        List<XmlCursor> all = children(name);
        if (all.size() > 1) {
            problems.add(new ConfException(Kind.DUPLICATE, all.get(1).line(),
                    "<" + name + "> may appear only once inside <" + name() + ">."));
        }
        return all.isEmpty() ? null : all.getFirst();
    }

    /**
     * Returns the single required child with the given name.
     *
     * @param name the element name
     * @return a cursor on it
     */
    public XmlCursor requireChild(String name) {
        XmlCursor c = child(name);
        if (c == null) {
            throw error(Kind.MISSING_VALUE, "<" + name() + "> is missing the required element <" + name + ">.");
        }
        return c;
    }

    /**
     * Returns all children with the given name, in document order.
     *
     * @param name the element name
     * @return cursors on them
     */
    public List<XmlCursor> children(String name) {
        List<XmlCursor> out = new ArrayList<>();
        List<XmlElement> kids = element.children();
        for (int i = 0; i < kids.size(); i++) {
            if (kids.get(i).name().equals(name)) {
                usedChildren[i] = true;
                out.add(new XmlCursor(kids.get(i), name(), problems));
            }
        }
        return out;
    }

    /**
     * Returns the children whose element satisfies a test, in document order, and marks them
     * read: for names that depend on the document's namespace prefixes ({@code qemu:commandline}).
     *
     * @param which the test
     * @return cursors on them
     */
    public List<XmlCursor> childrenWhere(Predicate<XmlElement> which) {
        List<XmlCursor> out = new ArrayList<>();
        List<XmlElement> kids = element.children();
        for (int i = 0; i < kids.size(); i++) {
            if (which.test(kids.get(i))) {
                usedChildren[i] = true;
                out.add(new XmlCursor(kids.get(i), name(), problems));
            }
        }
        return out;
    }

    /**
     * Returns this element's attributes, namespace declarations included, without marking any
     * as read.
     *
     * @return the attributes in document order
     */
    public Map<String, String> attributes() {
        return element.attributes();
    }

    /**
     * Returns all child elements unread, for content the model keeps verbatim, and marks
     * them and any text as consumed.
     *
     * @return the child elements in document order
     */
    public List<XmlElement> rawChildren() {
        Arrays.fill(usedChildren, true);
        usedText = true;
        return element.children();
    }

    /**
     * Returns this element whole, for a caller that hands it to the parser of another
     * document (a snapshot's {@code <domain>}); marks all of it as consumed.
     *
     * @return the element
     */
    public XmlElement whole() {
        Arrays.fill(usedChildren, true);
        usedText = true;
        usedAttributes.addAll(element.attributes().keySet());
        return element;
    }

    /**
     * Reads an empty marker child such as {@code <readonly/>}.
     *
     * @param name the element name
     * @return whether it is present
     */
    public boolean flag(String name) {
        XmlCursor c = child(name);
        if (c == null) {
            return false;
        }
        c.finish();
        return true;
    }

    /**
     * Returns the trimmed text of this element.
     *
     * @return the text, or null when there is none
     */
    public String text() {
        usedText = true;
        String t = element.text().strip();
        return t.isEmpty() ? null : t;
    }

    /**
     * Returns the text of this element exactly as written, leading and trailing spaces
     * included (libvirt keeps them in a disk serial, for example).
     *
     * @return the text, or null when there is none or it is only whitespace
     */
    public String untrimmedText() {
        usedText = true;
        String t = element.text();
        return t.isBlank() ? null : t;
    }

    /**
     * Returns the trimmed text of this element, which must not be empty.
     *
     * @return the text
     */
    public String requireText() {
        String t = text();
        if (t == null) {
            throw error(Kind.MISSING_VALUE, "<" + name() + "> must contain a value.");
        }
        return t;
    }

    /**
     * Returns the trimmed text of the named child.
     *
     * @param name the child name
     * @return the text, or null when the child is absent or empty
     */
    public String childText(String name) {
        XmlCursor c = child(name);
        if (c == null) {
            return null;
        }
        String t = c.text();
        c.finish();
        return t;
    }

    /**
     * Reads this element with {@code reader}; when that fails, the problem is reported, and
     * so are the names in this element that the format does not know at all (misspellings
     * the failed read never reached), and null is returned so that the caller can go on with
     * the next element.
     *
     * @param reader reads the element
     * @param <T> what it yields
     * @return the value, or null when reading failed
     */
    public <T> T read(Function<XmlCursor, T> reader) {
        try {
            return reader.apply(this);
        } catch (ConfException e) {
            problems.add(e);
            reportMisspellings();
            return null;
        }
    }

    private void reportMisspellings() {
        Vocabulary v = problems.vocabulary();
        if (v.format() == null) {
            return;
        }
        for (String a : element.attributes().keySet()) {
            if (!usedAttributes.contains(a) && !v.knowsAttribute(key(), a)) {
                problems.add(unknownAttribute(v, a));
            }
        }
        List<XmlElement> kids = element.children();
        for (int i = 0; i < kids.size(); i++) {
            if (!usedChildren[i] && !v.knowsChild(key(), kids.get(i).name())) {
                problems.add(unknownChild(v, kids.get(i)));
            }
        }
    }

    /**
     * Reports each of the named attributes that is present as not applying here, for
     * attributes that belong to another variant of the element (a disk source's 'dev' on a
     * disk of type 'file').
     *
     * @param variant the variant this element is, as a noun phrase: "a disk of type 'file'"
     * @param attributes attributes that other variants take
     */
    public void notApplicable(String variant, String... attributes) {
        for (String a : attributes) {
            if (attr(a) != null) {
                problems.add(error(Kind.CONFLICT, "The attribute '" + a + "' on <" + name() + "> does not apply to "
                        + variant + "; remove it."));
            }
        }
    }

    /**
     * Reports every attribute, child element and text that nobody asked for: as unknown
     * when the format does not know the name either (naming the closest name it knows), as
     * unsupported when it does.
     */
    public void finish() {
        Vocabulary v = problems.vocabulary();
        for (String a : element.attributes().keySet()) {
            if (!usedAttributes.contains(a)) {
                problems.add(unknownAttribute(v, a));
            }
        }
        List<XmlElement> kids = element.children();
        for (int i = 0; i < kids.size(); i++) {
            if (!usedChildren[i]) {
                problems.add(unknownChild(v, kids.get(i)));
            }
        }
        if (!usedText && !element.text().isBlank()) {
            problems.add(error(Kind.UNKNOWN_ELEMENT, "unexpected text '" + abbreviate(element.text().strip())
                    + "' inside <" + name() + ">; remove it."));
        }
    }

    private ConfException unknownAttribute(Vocabulary v, String a) {
        if (v.format() == null) {
            return error(Kind.UNKNOWN_ATTRIBUTE, "unknown attribute '" + a + "' on <" + name()
                    + ">; remove it or check its spelling.");
        }
        if (v.knowsAttribute(key(), a)) {
            return error(Kind.UNSUPPORTED, "jvirt does not support the attribute '" + a + "' on <" + name()
                    + "> yet; remove it to use this definition with jvirt.");
        }
        return error(Kind.UNKNOWN_ATTRIBUTE, "unknown attribute '" + a + "' on <" + name() + ">: " + v.format()
                + " does not know it either; check its spelling" + suggestion(a, v.attributes(key()), "'", "'")
                + ".");
    }

    private ConfException unknownChild(Vocabulary v, XmlElement kid) {
        if (v.format() == null) {
            return new ConfException(Kind.UNKNOWN_ELEMENT, kid.line(), "unknown element <" + kid.name()
                    + "> inside <" + name() + ">; remove it or check its spelling.");
        }
        if (v.knowsChild(key(), kid.name())) {
            return new ConfException(Kind.UNSUPPORTED, kid.line(), "jvirt does not support <" + kid.name()
                    + "> inside <" + name() + "> yet; remove it to use this definition with jvirt.");
        }
        return new ConfException(Kind.UNKNOWN_ELEMENT, kid.line(), "unknown element <" + kid.name() + "> inside <"
                + name() + ">: " + v.format() + " does not know it either; check its spelling"
                + suggestion(kid.name(), v.children(key()), "<", ">") + ".");
    }

    /** Returns this element named with its parent, as the vocabulary knows it: {@code disk>source}. */
    private String key() {
        return parentName + ">" + name();
    }

    /** Returns " (did you mean X?)" for the closest known name within two edits, or "". */
    private static String suggestion(String wrong, List<String> known, String open, String close) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = Spelling.distance(wrong.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean " + open + best + close + "?)";
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
