package io.jvirt.conf.xml;

import java.util.ArrayList;
import java.util.List;

/**
 * A small element builder that renders libvirt-style XML: two-space indentation, single
 * quoted attributes, empty elements self-closed, text-only elements on one line.
 */
public final class XmlOut {

    private final String name;
    private final List<String[]> attributes = new ArrayList<>();
    private final List<XmlOut> children = new ArrayList<>();
    private String text;

    private XmlOut(String name) {
        this.name = name;
    }

    /**
     * Starts an element.
     *
     * @param name the element name
     * @return the new element
     */
    public static XmlOut element(String name) {
        return new XmlOut(name);
    }

    /**
     * Adds an attribute unless the value is null.
     *
     * @param attribute the attribute name
     * @param value the value; its {@code toString()} is written, or its XML spelling for an {@link XmlEnum}
     * @return this element
     */
    public XmlOut attr(String attribute, Object value) {
        if (value != null) {
            String v = value instanceof XmlEnum x ? x.xml() : value.toString();
            attributes.add(new String[] {attribute, v});
        }
        return this;
    }

    /**
     * Adds a yes/no attribute unless the value is null.
     *
     * @param attribute the attribute name
     * @param value the value
     * @return this element
     */
    public XmlOut yesNo(String attribute, Boolean value) {
        return attr(attribute, value == null ? null : value ? "yes" : "no");
    }

    /**
     * Adds an on/off attribute unless the value is null.
     *
     * @param attribute the attribute name
     * @param value the value
     * @return this element
     */
    public XmlOut onOff(String attribute, Boolean value) {
        return attr(attribute, value == null ? null : value ? "on" : "off");
    }

    /**
     * Adds a child unless it is null.
     *
     * @param child the child element
     * @return this element
     */
    public XmlOut child(XmlOut child) {
        if (child != null) {
            children.add(child);
        }
        return this;
    }

    /**
     * Adds a text-only child unless the text is null.
     *
     * @param childName the child element name
     * @param childText the text
     * @return this element
     */
    public XmlOut textChild(String childName, Object childText) {
        if (childText != null) {
            children.add(element(childName).text(childText.toString()));
        }
        return this;
    }

    /**
     * Sets the text content.
     *
     * @param value the text
     * @return this element
     */
    public XmlOut text(String value) {
        this.text = value;
        return this;
    }

    /**
     * Converts a parsed element and its subtree; text is kept only on elements without children.
     *
     * @param e the parsed element
     * @return the equivalent output element
     */
    public static XmlOut from(XmlElement e) {
        XmlOut out = element(e.name());
        e.attributes().forEach(out::attr);
        if (e.children().isEmpty()) {
            String t = e.text().strip();
            if (!t.isEmpty()) {
                out.text(t);
            }
        } else {
            e.children().forEach(c -> out.child(from(c)));
        }
        return out;
    }

    /** Returns whether this element has neither attributes, children nor text. */
    public boolean isEmpty() {
        return attributes.isEmpty() && children.isEmpty() && text == null;
    }

    /** Renders this element and its subtree, ending with a newline. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        render(sb, 0);
        return sb.toString();
    }

    private void render(StringBuilder sb, int depth) {
        sb.append("  ".repeat(depth)).append('<').append(name);
        for (String[] a : attributes) {
            sb.append(' ').append(a[0]).append("='").append(escape(a[1], true)).append('\'');
        }
        if (children.isEmpty() && text == null) {
            sb.append("/>\n");
            return;
        }
        sb.append('>');
        if (children.isEmpty()) {
            sb.append(escape(text, false)).append("</").append(name).append(">\n");
            return;
        }
        sb.append('\n');
        for (XmlOut c : children) {
            c.render(sb, depth + 1);
        }
        sb.append("  ".repeat(depth)).append("</").append(name).append(">\n");
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\'' -> sb.append("&apos;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append(attribute ? "&#10;" : "\n");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append(attribute ? "&#9;" : "\t");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
