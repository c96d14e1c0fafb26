package io.jvirt.conf.xml;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an XML document into an {@link XmlElement} tree with line numbers. DTDs and
 * external entities are refused, so the reader is safe against XXE and entity expansion.
 */
public final class XmlReader {

    private XmlReader() {
    }

    /**
     * Parses a whole document.
     *
     * @param xml the document text
     * @return the root element
     * @throws ConfException of kind {@code XML_SYNTAX} when the text is not well-formed
     */
    public static XmlElement read(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new ConfException(Kind.XML_SYNTAX, "The XML document is empty.");
        }
        XMLInputFactory factory = borrowFactory();
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(new StringReader(xml));
            return readDocument(r);
        } catch (XMLStreamException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNumber() : -1;
            throw new ConfException(Kind.XML_SYNTAX, line, "the XML is not well-formed: " + cleanMessage(e) + ".");
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release for a string source
                }
            }
            FACTORIES.offer(factory);
        }
    }

    /**
     * Configured factories for reuse: creating one looks up services and reads
     * configuration files, which cost more than parsing a whole domain. A factory is not
     * guaranteed thread-safe, so each parse borrows one exclusively.
     */
    private static final java.util.concurrent.ConcurrentLinkedQueue<XMLInputFactory> FACTORIES =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    private static XMLInputFactory borrowFactory() {
        XMLInputFactory f = FACTORIES.poll();
        if (f != null) {
            return f;
        }
        f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        try {
            // the JDK's StAX can reset one reader instead of building a new one per document;
            // safe here because a factory (and so its reader) is only used by one parse at a time
            f.setProperty("reuse-instance", true);
        } catch (IllegalArgumentException notThisImplementation) {
            // another StAX implementation: a new reader per document is fine
        }
        return f;
    }

    private static XmlElement readDocument(XMLStreamReader r) throws XMLStreamException {
        Deque<Builder> stack = new ArrayDeque<>();
        XmlElement root = null;
        while (r.hasNext()) {
            int event = r.next();
            int line = r.getLocation().getLineNumber();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    Map<String, String> attrs = new LinkedHashMap<>();
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        attrs.put(qualified(r.getAttributePrefix(i), r.getAttributeLocalName(i)),
                                r.getAttributeValue(i));
                    }
                    for (int i = 0; i < r.getNamespaceCount(); i++) {
                        String p = r.getNamespacePrefix(i);
                        attrs.put(p == null || p.isEmpty() ? "xmlns" : "xmlns:" + p, r.getNamespaceURI(i));
                    }
                    stack.push(new Builder(qualified(r.getPrefix(), r.getLocalName()), attrs, line));
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlElement done = stack.pop().build();
                    if (stack.isEmpty()) {
                        root = done;
                    } else {
                        stack.peek().children.add(done);
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!stack.isEmpty()) {
                        stack.peek().text.append(r.getText());
                    }
                }
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new ConfException(Kind.XML_SYNTAX, line,
                        "the XML refers to the entity '&" + r.getLocalName() + ";', and entities other than the "
                                + "predefined ones are not allowed.");
                case XMLStreamConstants.DTD -> throw new ConfException(Kind.XML_SYNTAX, line,
                        "the XML contains a DOCTYPE declaration, and DTDs are not allowed.");
                default -> {
                    // comments, processing instructions and document events carry no data
                }
            }
        }
        if (root == null) {
            throw new ConfException(Kind.XML_SYNTAX, "The XML document has no root element.");
        }
        return root;
    }

    private static String qualified(String prefix, String local) {
        return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
    }

    private static String cleanMessage(XMLStreamException e) {
        String m = e.getMessage() == null ? "parse error" : e.getMessage();
        int idx = m.indexOf("Message: ");
        if (idx >= 0) {
            m = m.substring(idx + "Message: ".length());
        }
        m = m.strip();
        while (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return m;
    }

    private static final class Builder {
        final String name;
        final Map<String, String> attrs;
        final int line;
        final List<XmlElement> children = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        Builder(String name, Map<String, String> attrs, int line) {
            this.name = name;
            this.attrs = attrs;
            this.line = line;
        }

        XmlElement build() {
            return new XmlElement(name, attrs, children, text.toString(), line);
        }
    }
}
