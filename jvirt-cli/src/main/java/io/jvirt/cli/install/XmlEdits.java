package io.jvirt.cli.install;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

/**
 * virt-install's {@code --xml} option: XPath edits of the finished document, applied in order.
 * {@code ./on_crash=restart} and {@code xpath.set=./on_crash=restart} set an element's text or an
 * attribute ({@code .../@name}), creating missing elements on the way; {@code xpath.create=./devices/x}
 * adds an empty element; {@code xpath.delete=./devices/rng} removes every match. The result goes
 * through jvirt's conf model like any document, so an edit that makes it invalid is refused.
 */
final class XmlEdits {
    private XmlEdits() {
    }

    /**
     * Applies the edits.
     *
     * @param xml the document
     * @param edits the {@code --xml} values
     * @return the edited document
     * @throws InstallException when an edit cannot be read
     */
    static String apply(String xml, List<String> edits) {
        if (edits.isEmpty()) {
            return xml;
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            for (String edit : edits) {
                apply(doc, edit);
            }
            StringWriter out = new StringWriter();
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (InstallException e) {
            throw e;
        } catch (Exception e) {
            throw new InstallException(InstallException.Kind.BAD_OPTION, "The --xml edits could not be applied: "
                    + e.getMessage());
        }
    }

    private static void apply(Document doc, String edit) throws XPathExpressionException {
        String op = "set";
        String body = edit;
        for (String prefix : List.of("xpath.set=", "xpath.create=", "xpath.delete=", "xpath.value=")) {
            if (edit.startsWith(prefix)) {
                op = prefix.substring(6, prefix.length() - 1);
                body = edit.substring(prefix.length());
            }
        }
        if (op.equals("value")) {
            op = "set";
        }
        if (!body.startsWith("./")) {
            throw new InstallException(InstallException.Kind.BAD_OPTION, "--xml " + edit
                    + " is not an edit; give ./XPATH=VALUE, xpath.delete=./XPATH or xpath.create=./XPATH.");
        }
        Element root = doc.getDocumentElement();
        switch (op) {
            case "delete" -> {
                NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(body, root,
                        XPathConstants.NODESET);
                for (int i = nodes.getLength() - 1; i >= 0; i--) {
                    Node n = nodes.item(i);
                    if (n instanceof Attr a) {
                        a.getOwnerElement().removeAttributeNode(a);
                    } else {
                        n.getParentNode().removeChild(n);
                    }
                }
            }
            case "create" -> {
                int slash = body.lastIndexOf('/');
                Element parent = ensure(root, body.substring(0, slash));
                parent.appendChild(doc.createElement(body.substring(slash + 1)));
            }
            default -> {
                int eq = body.indexOf('=');
                if (eq < 0) {
                    throw new InstallException(InstallException.Kind.BAD_OPTION, "--xml " + edit
                            + " sets nothing; give ./XPATH=VALUE.");
                }
                String path = body.substring(0, eq);
                String value = body.substring(eq + 1);
                int at = path.lastIndexOf("/@");
                if (at >= 0) {
                    ensure(root, path.substring(0, at)).setAttribute(path.substring(at + 2), value);
                } else {
                    ensure(root, path).setTextContent(value);
                }
            }
        }
    }

    /** The element at a simple path ({@code ./a/b}), made where missing. */
    private static Element ensure(Element root, String path) throws XPathExpressionException {
        Node found = (Node) XPathFactory.newInstance().newXPath().evaluate(path, root, XPathConstants.NODE);
        if (found instanceof Element e) {
            return e;
        }
        Element cur = root;
        for (String step : path.split("/")) {
            if (step.isEmpty() || step.equals(".")) {
                continue;
            }
            Node next = (Node) XPathFactory.newInstance().newXPath().evaluate(step, cur, XPathConstants.NODE);
            if (next instanceof Element e) {
                cur = e;
            } else if (step.matches("[A-Za-z_][\\w.-]*")) {
                Element e = cur.getOwnerDocument().createElement(step);
                cur.appendChild(e);
                cur = e;
            } else {
                throw new InstallException(InstallException.Kind.BAD_OPTION, "--xml cannot create '" + step
                        + "' of " + path + "; only plain element names are created.");
            }
        }
        return cur;
    }
}
