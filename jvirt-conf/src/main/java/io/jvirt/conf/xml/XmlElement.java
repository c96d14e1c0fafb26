package io.jvirt.conf.xml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element of a parsed XML document, with the line it starts on.
 *
 * @param name the local name
 * @param attributes the attributes in document order
 * @param children the child elements in document order
 * @param text the concatenated character data directly inside this element
 * @param line the 1-based line of the start tag
 */
public record XmlElement(String name, Map<String, String> attributes, List<XmlElement> children, String text,
                         int line) {

    /** Copies the collections so the element is immutable. */
    public XmlElement {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
    }
}
