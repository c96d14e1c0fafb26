package io.jvirt.it.virtinst;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The few DOM operations the start test needs on domain XML, read independently of jvirt's own
 * parser (the test judges jvirt; it must not see documents through jvirt's model).
 */
final class Dom {

    private Dom() {
    }

    /** Parses a document (namespaces on, DTDs refused). */
    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** Writes a document back as text. */
    static String format(Document doc) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write XML: " + e.getMessage(), e);
        }
    }

    /** The child elements of {@code parent} named {@code name} (any namespace-less name), in order. */
    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName()) && e.getNamespaceURI() == null) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every child element of {@code parent}, in order. */
    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first child element named {@code name}. */
    static Optional<Element> child(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? Optional.empty() : Optional.of(c.getFirst());
    }

    /** The attribute's value, or null when it is absent. */
    static String attr(Element e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    /** The attribute of the first child {@code child}, or null. */
    static String childAttr(Element parent, String child, String name) {
        return child(parent, child).map(c -> attr(c, name)).orElse(null);
    }

    /** The trimmed text of the first child {@code child}, or null. */
    static String childText(Element parent, String child) {
        return child(parent, child).map(c -> c.getTextContent().strip()).orElse(null);
    }

    /** The {@code <devices>} element of a domain. */
    static Element devices(Document domain) {
        return child(domain.getDocumentElement(), "devices")
                .orElseThrow(() -> new IllegalArgumentException("the domain has no <devices>"));
    }

    /** A size element's value in KiB ({@code unit} as libvirt reads it, KiB when absent). */
    static long kib(Element e) {
        long value = Long.parseLong(e.getTextContent().strip());
        String unit = e.hasAttribute("unit") ? e.getAttribute("unit") : "KiB";
        return switch (unit) {
            case "b", "bytes" -> value / 1024;
            case "KB" -> value * 1000 / 1024;
            case "k", "KiB" -> value;
            case "MB" -> value * 1000 * 1000 / 1024;
            case "M", "MiB" -> value * 1024;
            case "GB" -> value * 1000 * 1000 * 1000 / 1024;
            case "G", "GiB" -> value * 1024 * 1024;
            case "T", "TiB" -> value * 1024 * 1024 * 1024;
            default -> throw new IllegalArgumentException("unknown size unit '" + unit + "'");
        };
    }
}
