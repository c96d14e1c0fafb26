package io.jvirt.conf.network;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlReader;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Entry point for libvirt network XML: {@link #parse(String)} reads and validates a document
 * into a {@link NetworkDef}; {@link #format(NetworkDef, Secrets)} writes one back. The two are
 * lossless for everything the model supports: {@code parse(format(parse(x)))} equals
 * {@code parse(x)}, and formatting is stable. Error messages start with
 * {@code "network XML line N: "}.
 */
public final class NetworkXml {

    private static final RandomGenerator DEFAULT_RANDOM = new SecureRandom();

    /** The document kind named in error messages. */
    private static final String DOCUMENT = "network";

    private NetworkXml() {
    }

    /**
     * Parses and validates a network document. A missing UUID is generated; a missing bridge
     * name and MAC address are left for the daemon to assign.
     *
     * @param xml the document
     * @return the definition
     * @throws ConfException when the document is malformed, contains unknown elements or
     *     attributes, or describes an invalid network; the exception names the XML line
     */
    public static NetworkDef parse(String xml) {
        return parse(xml, DEFAULT_RANDOM);
    }

    /**
     * Parses like {@link #parse(String)}, drawing a generated UUID from {@code random}.
     *
     * @param xml the document
     * @param random the source for generated identifiers
     * @return the definition
     */
    public static NetworkDef parse(String xml, RandomGenerator random) {
        try {
            return new NetworkParser(random).parse(XmlReader.read(xml));
        } catch (ConfException e) {
            throw e.inDocument(DOCUMENT);
        }
    }

    /**
     * Parses a DHCP {@code <host>} element on its own, as {@code net-update} passes it. Any
     * one of {@code mac}, {@code id}, {@code name} and {@code ip} is enough here (a pattern for
     * {@link NetworkDef#withoutDhcpHost}); {@link NetworkDef#withDhcpHost} checks the rest.
     *
     * @param xml the element, such as {@code <host mac='52:54:00:00:00:05' ip='192.168.122.5'/>}
     * @return the host
     */
    public static DhcpDef.DhcpHost parseDhcpHost(String xml) {
        try {
            XmlCursor c = root(xml, "host");
            return AddressingParser.dhcpHost(c);
        } catch (ConfException e) {
            throw e.inDocument(DOCUMENT);
        }
    }

    /**
     * Parses a DNS {@code <host>} element on its own, as {@code net-update} passes it. Either
     * the address or a name is enough here (a pattern for {@link NetworkDef#withoutDnsHost});
     * {@link NetworkDef#withDnsHost} needs both.
     *
     * @param xml the element, such as {@code <host ip='192.168.122.5'><hostname>db</hostname></host>}
     * @return the host
     */
    public static DnsDef.DnsHost parseDnsHost(String xml) {
        try {
            XmlCursor c = root(xml, "host");
            return AddressingParser.dnsHost(c);
        } catch (ConfException e) {
            throw e.inDocument(DOCUMENT);
        }
    }

    private static XmlCursor root(String xml, String name) {
        XmlCursor c = new XmlCursor(XmlReader.read(xml));
        if (!c.name().equals(name)) {
            throw c.error(ConfException.Kind.UNKNOWN_ELEMENT,
                    "the element is <" + c.name() + ">, but <" + name + "> is expected here.");
        }
        return c;
    }

    /**
     * Formats a definition as pretty-printed XML with two-space indentation, in libvirt's
     * element order, ending with a newline.
     *
     * @param def the definition
     * @param secrets whether the document carries the definition's secrets (a network has none
     *     yet; callers choose all the same, so a secret added later is hidden where it must be)
     * @return the document
     */
    public static String format(NetworkDef def, Secrets secrets) {
        return NetworkFormatter.format(def, secrets);
    }
}
