package io.jvirt.conf.storage;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.xml.XmlReader;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Entry point for libvirt storage pool XML: {@link #parse(String)} reads and validates a
 * document into a {@link PoolDef}; {@link #format(PoolDef, Secrets)} writes one back. The two are
 * lossless for everything the model supports: {@code parse(format(parse(x)))} equals
 * {@code parse(x)}, and formatting is stable. Error messages start with
 * {@code "pool XML line N: "}.
 */
public final class PoolXml {

    private static final RandomGenerator DEFAULT_RANDOM = new SecureRandom();

    /** The document kind named in error messages. */
    private static final String DOCUMENT = "pool";

    private PoolXml() {
    }

    /**
     * Parses and validates a pool document. A missing UUID is generated.
     *
     * @param xml the document
     * @return the definition
     * @throws ConfException when the document is malformed, contains unknown elements or
     *     attributes, or describes an invalid pool; the exception names the XML line
     */
    public static PoolDef parse(String xml) {
        return parse(xml, DEFAULT_RANDOM);
    }

    /**
     * Parses like {@link #parse(String)}, drawing a generated UUID from {@code random}.
     *
     * @param xml the document
     * @param random the source for generated identifiers
     * @return the definition
     */
    public static PoolDef parse(String xml, RandomGenerator random) {
        try {
            return PoolParser.parse(XmlReader.read(xml), random);
        } catch (ConfException e) {
            throw e.inDocument(DOCUMENT);
        }
    }

    /**
     * Formats a definition as pretty-printed XML with two-space indentation, in libvirt's
     * element order, ending with a newline. Sizes are written in bytes.
     *
     * @param def the definition
     * @param secrets whether the document carries the definition's secrets (a pool has none yet;
     *     source authentication will be one, so callers choose already)
     * @return the document
     */
    public static String format(PoolDef def, Secrets secrets) {
        return PoolFormatter.format(def, secrets);
    }
}
