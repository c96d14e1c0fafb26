package io.jvirt.daemon.host.caps;

/** Writes libvirt-style XML: two spaces per level, attributes in single quotes. */
final class XmlLines {
    private final StringBuilder out = new StringBuilder();

    /** One line at {@code depth}. */
    XmlLines line(int depth, String text) {
        out.append("  ".repeat(depth)).append(text).append('\n');
        return this;
    }

    /** An empty line. */
    XmlLines blank() {
        out.append('\n');
        return this;
    }

    /** {@code <name>text</name>}. */
    XmlLines element(int depth, String name, Object text) {
        return line(depth, "<" + name + ">" + esc(String.valueOf(text)) + "</" + name + ">");
    }

    /** Text escaped for element content and single-quoted attributes. */
    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }

    /** {@code name='value'} with the value escaped. */
    static String attr(String name, Object value) {
        return name + "='" + esc(String.valueOf(value)) + "'";
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
