package io.jvirt.conf.xml;

import java.util.List;

/**
 * The element and attribute names a document format knows, whether or not jvirt's model
 * supports them: it lets an error say "jvirt does not support this yet" for a real name and
 * "check its spelling" (with the closest real name) for a name the format does not have.
 *
 * <p>An element is named with its parent, {@code "disk>source"}, the document's root with
 * {@code "(root)"} as parent ({@code "(root)>domain"}).
 */
public interface Vocabulary {

    /** A vocabulary that knows nothing: every unsupported name is reported as unknown. */
    Vocabulary NONE = new Vocabulary() {
        @Override
        public boolean knowsChild(String parent, String child) {
            return false;
        }

        @Override
        public boolean knowsAttribute(String element, String attribute) {
            return false;
        }

        @Override
        public List<String> children(String parent) {
            return List.of();
        }

        @Override
        public List<String> attributes(String element) {
            return List.of();
        }

        @Override
        public String format() {
            return null;
        }
    };

    /**
     * Returns whether the format allows an element named {@code child} inside one named {@code parent}.
     *
     * @param parent the element, as {@code parent>name}
     * @param child the child element's name
     * @return true when the format knows it
     */
    boolean knowsChild(String parent, String child);

    /**
     * Returns whether the format allows the attribute on an element of that name.
     *
     * @param element the element, as {@code parent>name}
     * @param attribute the attribute's name
     * @return true when the format knows it
     */
    boolean knowsAttribute(String element, String attribute);

    /**
     * Returns the child element names the format allows inside an element of that name.
     *
     * @param parent the element, as {@code parent>name}
     * @return the names, possibly empty
     */
    List<String> children(String parent);

    /**
     * Returns the attribute names the format allows on an element of that name.
     *
     * @param element the element, as {@code parent>name}
     * @return the names, possibly empty
     */
    List<String> attributes(String element);

    /** Returns the format's name for messages, such as "libvirt", or null for {@link #NONE}. */
    String format();
}
