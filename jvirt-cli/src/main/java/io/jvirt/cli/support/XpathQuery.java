package io.jvirt.cli.support;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * virsh's {@code --xpath EXPRESSION [--wrap]} of the {@code *dumpxml} verbs: only the nodes the
 * expression matches, each printed on its own as libxml2 prints a node (an element indented by
 * two spaces, attributes in double quotes; an attribute as {@code  name="value"}; text as it
 * is), or with {@code --wrap} all of them inside one {@code <nodes>} element.
 */
public final class XpathQuery {
    private static final String ORDER = "jvirt.attributeOrder";
    private XpathQuery() {
    }

    /**
     * The matches of {@code xpath} in {@code xml}, as virsh prints them (without the last newline).
     *
     * @throws IllegalArgumentException when the expression is not valid XPath
     */
    public static String apply(String xml, String xpath, boolean wrap) {
        NodeList nodes;
        try {
            Document doc = parse(xml);
            nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
        } catch (XPathExpressionException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getMessage() != null ? e.getMessage() : "";
            why = why.strip().replaceAll("\\.+$", "");
            throw new IllegalArgumentException("The --xpath expression '" + xpath + "' is not valid XPath"
                    + (why.isEmpty() ? "" : ": " + why) + ".", e);
        } catch (Exception e) {
            throw new IllegalArgumentException("The document cannot be read for --xpath: " + e.getMessage(), e);
        }
        List<String> parts = new ArrayList<>();
        if (wrap) {
            StringBuilder attrs = new StringBuilder();
            StringBuilder children = new StringBuilder();
            for (int i = 0; i < nodes.getLength(); i++) {
                Node n = nodes.item(i);
                if (n instanceof Attr a) {
                    attr(attrs, a);
                } else {
                    children.append("  ");
                    write(children, n, 1);
                    children.append('\n');
                }
            }
            return children.isEmpty() ? "<nodes" + attrs + "/>" : "<nodes" + attrs + ">\n" + children + "</nodes>";
        }
        for (int i = 0; i < nodes.getLength(); i++) {
            StringBuilder sb = new StringBuilder();
            Node n = nodes.item(i);
            if (n instanceof Attr a) {
                attr(sb, a);
            } else {
                write(sb, n, 0);
            }
            parts.add(sb.toString());
        }
        return String.join("\n", parts);
    }

    /**
     * The document as a DOM whose elements remember their attributes' order (user data
     * {@code ORDER}): the JDK's DOM keeps attributes sorted by name, libxml2 in document order.
     */
    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document doc = f.newDocumentBuilder().newDocument();
        XMLInputFactory in = XMLInputFactory.newFactory();
        in.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        in.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader r = in.createXMLStreamReader(new StringReader(xml));
        Deque<Node> open = new ArrayDeque<>();
        open.push(doc);
        while (r.hasNext()) {
            switch (r.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    Element e = doc.createElement(r.getLocalName());
                    List<String> order = new ArrayList<>(r.getAttributeCount());
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        e.setAttribute(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        order.add(r.getAttributeLocalName(i));
                    }
                    e.setUserData(ORDER, order, null);
                    open.peek().appendChild(e);
                    open.push(e);
                }
                case XMLStreamConstants.END_ELEMENT -> open.pop();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (open.peek() != doc) {
                        open.peek().appendChild(doc.createTextNode(r.getText()));
                    }
                }
                case XMLStreamConstants.COMMENT -> open.peek().appendChild(doc.createComment(r.getText()));
                default -> {
                    // processing instructions, the document's start and end
                }
            }
        }
        return doc;
    }

    private static void attr(StringBuilder sb, Attr a) {
        sb.append(' ').append(a.getName()).append("=\"").append(escape(a.getValue(), true)).append('"');
    }

    private static void write(StringBuilder sb, Node n, int level) {
        switch (n.getNodeType()) {
            case Node.ELEMENT_NODE -> element(sb, (Element) n, level);
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> sb.append(escape(n.getNodeValue(), false));
            case Node.COMMENT_NODE -> sb.append("<!--").append(n.getNodeValue()).append("-->");
            default -> sb.append(n.getTextContent() == null ? "" : escape(n.getTextContent(), false));
        }
    }

    private static void element(StringBuilder sb, Element e, int level) {
        sb.append('<').append(e.getTagName());
        @SuppressWarnings("unchecked")
        List<String> order = (List<String>) e.getUserData(ORDER);
        for (String name : order) {
            attr(sb, e.getAttributeNode(name));
        }
        List<Node> kids = new ArrayList<>();
        boolean elements = false;
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE && c.getNodeValue().isBlank()) {
                continue; // the document's own indentation; the nodes are indented anew
            }
            elements |= c.getNodeType() == Node.ELEMENT_NODE;
            kids.add(c);
        }
        if (kids.isEmpty()) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        for (Node c : kids) {
            if (elements) {
                sb.append('\n').append("  ".repeat(level + 1));
            }
            write(sb, c, level + 1);
        }
        if (elements) {
            sb.append('\n').append("  ".repeat(level));
        }
        sb.append("</").append(e.getTagName()).append('>');
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
