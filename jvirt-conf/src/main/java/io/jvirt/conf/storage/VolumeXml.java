package io.jvirt.conf.storage;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.xml.XmlReader;

/**
 * Entry point for libvirt storage volume XML: {@link #parse(String)} reads and validates a
 * document into a {@link VolumeDef}; {@link #format(VolumeDef)} writes one back. The two are
 * lossless for everything the model supports, and formatting is stable. Error messages start
 * with {@code "volume XML line N: "}.
 */
public final class VolumeXml {

    /** The document kind named in error messages. */
    private static final String DOCUMENT = "volume";

    private VolumeXml() {
    }

    /**
     * Parses and validates a volume document.
     *
     * @param xml the document
     * @return the definition
     * @throws ConfException when the document is malformed, contains unknown elements or
     *     attributes, or describes an invalid volume; the exception names the XML line
     */
    public static VolumeDef parse(String xml) {
        try {
            return VolumeParser.parse(XmlReader.read(xml));
        } catch (ConfException e) {
            throw e.inDocument(DOCUMENT);
        }
    }

    /**
     * Formats a definition as pretty-printed XML with two-space indentation, in libvirt's
     * element order, ending with a newline. Sizes are written in bytes.
     *
     * @param def the definition
     * @return the document
     */
    public static String format(VolumeDef def) {
        return VolumeFormatter.format(def);
    }
}
