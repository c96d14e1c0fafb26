package io.jvirt.it.corpus;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * An XML element reduced to what the corpus comparison looks at, normalized so that two documents
 * saying the same thing compare equal:
 * <ul>
 *   <li>attributes are a sorted map (their order does not matter); namespace declarations are dropped
 *       and a namespaced name is written {@code {uri}local}, whatever its prefix;</li>
 *   <li>text is the element's own text with whitespace collapsed and trimmed; comments and
 *       processing instructions are ignored;</li>
 *   <li>scaled sizes are in bytes without {@code unit}: an element with a {@code unit} attribute and a
 *       number as text ({@code <memory unit='GiB'>1</memory>}), a {@code size} attribute with a
 *       {@code unit} ({@code <page size='2' unit='M'/>}), a NUMA cell's {@code memory} and a cache's or
 *       bandwidth's {@code value} with a {@code unit}, and the unit-less defaults libvirt reads as KiB
 *       ({@code memory}, {@code currentMemory}, {@code maxMemory}, {@code hugepages/page@size},
 *       {@code cell@memory}) and as MiB ({@code smm/tseg});</li>
 *   <li>CPU and node sets ({@code cpuset}, {@code nodeset}, {@code cpus}, {@code vcpus},
 *       {@code iothreads} attributes and {@code <nodemask>} text) in libvirt's canonical form, so that
 *       {@code 0-3,^2} and {@code 0-1,3} agree;</li>
 *   <li>the {@code id} of the root {@code <domain>} is dropped: it is a running domain's, and
 *       libvirt's define drops it too.</li>
 * </ul>
 *
 * @param name the element name
 * @param attributes the attributes by name
 * @param text the normalized own text, empty when none
 * @param children the child elements in document order
 */
record XmlTree(String name, SortedMap<String, String> attributes, String text, List<XmlTree> children) {

    private static final Set<String> KIB_BY_DEFAULT = Set.of("memory", "currentMemory", "maxMemory");
    private static final Set<String> BITMAP_ATTRIBUTES = Set.of("cpuset", "nodeset", "cpus", "vcpus", "iothreads");
    /** Sizes libvirt reads as MiB without a unit: the SMM TSEG ({@code <smm><tseg>}). */
    private static final Set<String> MIB_BY_DEFAULT = Set.of("tseg");

    /** Makes the collections immutable. */
    XmlTree {
        attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
        children = List.copyOf(children);
    }

    /** Parses a document into its normalized root element; DTDs are refused. */
    static XmlTree parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return of(b.parse(new InputSource(new StringReader(xml))).getDocumentElement(), "");
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static XmlTree of(Element e, String parentName) {
        String name = qualified(e);
        SortedMap<String, String> attrs = new TreeMap<>();
        NamedNodeMap map = e.getAttributes();
        for (int i = 0; i < map.getLength(); i++) {
            Attr a = (Attr) map.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                continue;
            }
            String attrName = qualified(a);
            if (parentName.isEmpty() && name.equals("domain") && attrName.equals("id")) {
                continue; // a running domain's id, which libvirt drops at define as jvirt does
            }
            attrs.put(attrName, BITMAP_ATTRIBUTES.contains(attrName) ? bitmap(a.getValue()) : a.getValue());
        }
        StringBuilder text = new StringBuilder();
        List<XmlTree> kids = new ArrayList<>();
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE -> {
                    if (!droppedAtDefine((Element) n, name)) {
                        kids.add(of((Element) n, name));
                    }
                }
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text.append(n.getNodeValue()).append(' ');
                default -> {
                    // comments and processing instructions carry nothing
                }
            }
        }
        String own = text.toString().strip().replaceAll("\\s+", " ");
        if (name.equals("nodemask")) {
            own = bitmap(own);
        }
        return scaled(name, parentName, attrs, own, kids);
    }

    /**
     * Elements of a running domain's status that libvirt reads only from live XML and drops at
     * define: a disk's block job {@code <mirror>}, and a file label that only records a skipped
     * relabelling ({@code labelskip}).
     */
    private static boolean droppedAtDefine(Element e, String parentName) {
        String name = qualified(e);
        if (parentName.equals("disk") && name.equals("mirror")) {
            return true;
        }
        return parentName.equals("source") && name.equals("seclabel") && e.hasAttribute("labelskip")
                && !e.hasAttribute("relabel") && e.getElementsByTagName("label").getLength() == 0;
    }

    private static XmlTree scaled(String name, String parent, SortedMap<String, String> attrs, String text,
                                  List<XmlTree> kids) {
        String unit = attrs.get("unit");
        if (!text.isEmpty() && (unit != null || KIB_BY_DEFAULT.contains(name) || MIB_BY_DEFAULT.contains(name))) {
            BigInteger bytes = bytes(text, unit != null ? unit : MIB_BY_DEFAULT.contains(name) ? "MiB" : "KiB");
            if (bytes != null) {
                attrs.remove("unit");
                return new XmlTree(name, attrs, bytes.toString(), kids);
            }
        }
        String sizeAttr = attrs.containsKey("size") ? "size" : name.equals("cell") ? "memory"
                : Set.of("size", "line", "bandwidth").contains(name) ? "value" : null;
        String size = sizeAttr == null ? null : attrs.get(sizeAttr);
        boolean kibDefault = (name.equals("page") && parent.equals("hugepages")) || name.equals("cell");
        if (text.isEmpty() && size != null && (unit != null || kibDefault)) {
            BigInteger bytes = bytes(size, unit == null ? "KiB" : unit);
            if (bytes != null) {
                attrs.remove("unit");
                attrs.put(sizeAttr, bytes.toString());
            }
        }
        return new XmlTree(name, attrs, text, kids);
    }

    private static String qualified(Node n) {
        String local = n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
        return n.getNamespaceURI() == null ? local : "{" + n.getNamespaceURI() + "}" + local;
    }

    /**
     * A CPU or node set in libvirt's canonical form (ascending ranges, {@code 0-2,5}); the text itself
     * when it is not a set libvirt would read.
     */
    static String bitmap(String text) {
        BitSet bits = new BitSet();
        for (String raw : text.split(",", -1)) {
            String part = raw.strip();
            boolean exclude = part.startsWith("^");
            String body = exclude ? part.substring(1) : part;
            if (!body.matches("\\d{1,6}(-\\d{1,6})?")) {
                return text;
            }
            String[] ends = body.split("-");
            int from = Integer.parseInt(ends[0]);
            int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
            if (to < from || (exclude && ends.length > 1)) {
                return text;
            }
            if (exclude) {
                bits.clear(from);
            } else {
                bits.set(from, to + 1);
            }
        }
        StringBuilder b = new StringBuilder();
        int start = bits.nextSetBit(0);
        while (start >= 0) {
            int end = bits.nextClearBit(start) - 1;
            b.append(b.isEmpty() ? "" : ",").append(start).append(end > start ? "-" + end : "");
            start = bits.nextSetBit(end + 1);
        }
        return b.isEmpty() ? text : b.toString();
    }

    /** A number scaled by one of libvirt's units, in bytes; null when either is not understood. */
    static BigInteger bytes(String number, String unit) {
        if (!number.matches("\\d+")) {
            return null;
        }
        BigInteger factor = switch (unit.toLowerCase(Locale.ROOT)) {
            case "b", "bytes" -> BigInteger.ONE;
            case "kb" -> BigInteger.TEN.pow(3);
            case "k", "kib" -> BigInteger.TWO.pow(10);
            case "mb" -> BigInteger.TEN.pow(6);
            case "m", "mib" -> BigInteger.TWO.pow(20);
            case "gb" -> BigInteger.TEN.pow(9);
            case "g", "gib" -> BigInteger.TWO.pow(30);
            case "tb" -> BigInteger.TEN.pow(12);
            case "t", "tib" -> BigInteger.TWO.pow(40);
            case "pb" -> BigInteger.TEN.pow(15);
            case "p", "pib" -> BigInteger.TWO.pow(50);
            case "eb" -> BigInteger.TEN.pow(18);
            case "e", "eib" -> BigInteger.TWO.pow(60);
            default -> null;
        };
        return factor == null ? null : new BigInteger(number).multiply(factor);
    }

    /**
     * Whether two attribute or text values mean the same: equal as text, equal as integers (decimal
     * or {@code 0x} hex, so {@code 0x03}, {@code 0x3} and {@code 3} agree), or equal ignoring case
     * when both are hexadecimal identifiers such as MAC addresses and UUIDs.
     */
    static boolean sameValue(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        BigInteger x = integer(a);
        BigInteger y = integer(b);
        if (x != null && y != null) {
            return x.equals(y);
        }
        return a.matches("[0-9A-Fa-f:-]+") && a.equalsIgnoreCase(b);
    }

    private static BigInteger integer(String s) {
        if (s.matches("[+-]?\\d+")) {
            return new BigInteger(s);
        }
        if (s.matches("0[xX][0-9A-Fa-f]+")) {
            return new BigInteger(s.substring(2), 16);
        }
        return null;
    }

    /** A short label for messages: {@code disk} or {@code disk[type=file,device=cdrom]}. */
    String label() {
        if (attributes.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('[');
        int shown = 0;
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            if (shown++ == 2) {
                b.append(",...");
                break;
            }
            b.append(shown > 1 ? "," : "").append(a.getKey()).append('=').append(a.getValue());
        }
        return b.append(']').toString();
    }
}
