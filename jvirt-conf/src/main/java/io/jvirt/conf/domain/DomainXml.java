package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.xml.Problems;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlElement;
import io.jvirt.conf.xml.XmlReader;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Entry point for libvirt domain XML: {@link #parse(String)} reads and validates a document
 * into a {@link DomainDef}; {@link #format(DomainDef, Secrets)} writes one back. With
 * {@link Secrets#INCLUDE} the two are lossless for everything the model supports: {@code
 * parse(format(parse(x)))} equals {@code parse(x)}, and formatting is stable; with {@link
 * Secrets#OMIT} the secrets (the VNC {@code passwd}) are left out, as libvirt's dumpxml does
 * without {@code --security-info}.
 */
public final class DomainXml {

    private static final RandomGenerator DEFAULT_RANDOM = new SecureRandom();

    /** The document kind named in error messages: "domain XML line N: ...". */
    private static final String DOCUMENT = "domain";

    private DomainXml() {
    }

    /**
     * Parses and validates a domain document. A missing UUID is generated, and so is a MAC
     * address (52:54:00:xx:xx:xx) for each interface without one.
     *
     * @param xml the document
     * @return the definition
     * @throws ConfException when the document is malformed, contains unknown elements or
     *     attributes, or describes an invalid domain; the exception names the XML line, and
     *     carries every problem found ({@link ConfException#problems()}) when there are several
     */
    public static DomainDef parse(String xml) {
        return parse(xml, DEFAULT_RANDOM);
    }

    /**
     * Parses like {@link #parse(String)}, drawing generated UUIDs and MACs from {@code random}.
     *
     * @param xml the document
     * @param random the source for generated identifiers
     * @return the definition
     */
    public static DomainDef parse(String xml, RandomGenerator random) {
        try {
            return new DomainParser(random).parse(XmlReader.read(xml), Problems.collecting(LibvirtVocabulary.DOMAIN));
        } catch (ConfException e) {
            throw e.inDocument(DOCUMENT);
        }
    }

    /**
     * Parses one device element, such as the {@code <disk>} of {@code attach-device}, with the
     * defaults a definition gives it (a generated MAC address for an interface without one).
     *
     * @param xml the device document
     * @return the device
     * @throws ConfException as {@link #parse(String)} does, naming the "device XML" line
     */
    public static DeviceDef parseDevice(String xml) {
        return parseDevice(xml, DEFAULT_RANDOM);
    }

    /**
     * Parses one device element, drawing a generated MAC from {@code random}.
     *
     * @param xml the device document
     * @param random the source for generated identifiers
     * @return the device
     */
    public static DeviceDef parseDevice(String xml, RandomGenerator random) {
        try {
            XmlCursor c = new XmlCursor(XmlReader.read(xml), Problems.collecting(LibvirtVocabulary.DOMAIN));
            return new DeviceParser(random).device(c);
        } catch (ConfException e) {
            throw e.inDocument("device");
        }
    }

    /**
     * Formats one device as its element, as it appears inside {@code <devices>} of
     * {@link #format}, ending with a newline.
     *
     * @param device the device
     * @param secrets whether its secrets are written
     * @return the element
     */
    public static String formatDevice(DeviceDef device, Secrets secrets) {
        return DeviceFormatter.device(device, secrets).render();
    }

    /**
     * Parses a domain carried inside another document, such as a snapshot's {@code <domain>}
     * or {@code <inactiveDomain>} (read as a {@code <domain>}). Every problem is thrown at
     * once, with the lines of the outer document and no document kind (the caller names it).
     *
     * @param element the element
     * @return the definition
     */
    public static DomainDef parse(XmlElement element) {
        XmlElement root = element.name().equals("domain") ? element
                : new XmlElement("domain", element.attributes(), element.children(), element.text(), element.line());
        return new DomainParser(DEFAULT_RANDOM).parse(root, Problems.collecting(LibvirtVocabulary.DOMAIN));
    }

    /**
     * Formats a definition as pretty-printed XML with two-space indentation, in libvirt's
     * element order, ending with a newline. Memory is written in KiB.
     *
     * @param def the definition
     * @param secrets whether the document carries the definition's secrets: {@link
     *     Secrets#INCLUDE} for the daemon's own files and clients that asked, else {@link Secrets#OMIT}
     * @return the document
     */
    public static String format(DomainDef def, Secrets secrets) {
        return DomainFormatter.format(def, secrets);
    }
}
