package io.jvirt.conf.snapshot;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.xml.Problems;
import io.jvirt.conf.xml.XmlReader;

import java.security.SecureRandom;

/**
 * Entry point for libvirt's domain snapshot XML: {@link #parse} reads and checks a
 * {@code <domainsnapshot>} (with the domains it carries) into a {@link SnapshotDef};
 * {@link #format} writes one back in libvirt's element order. With {@link Secrets#INCLUDE}
 * the round trip is lossless: {@code parse(format(parse(x)))} equals {@code parse(x)}.
 */
public final class SnapshotXml {
    /** The document kind named in error messages: "domain snapshot XML line N: ...". */
    private static final String DOCUMENT = "domain snapshot";

    private SnapshotXml() {
    }

    /**
     * Parses and checks a snapshot document.
     *
     * @param xml the document
     * @return the snapshot
     * @throws ConfException naming the line, with every problem found ({@link ConfException#problems()})
     */
    public static SnapshotDef parse(String xml) {
        try {
            return new SnapshotParser(new SecureRandom()).parse(XmlReader.read(xml),
                    Problems.collecting(SnapshotVocabulary.SNAPSHOT));
        } catch (ConfException e) {
            throw e.inDocument(DOCUMENT);
        }
    }

    /**
     * Formats a snapshot as clients see it ({@code snapshot-dumpxml}): without {@code <active>}.
     *
     * @param s the snapshot
     * @param secrets whether the domains inside carry their secrets ({@code --security-info})
     * @return the document, ending with a newline
     */
    public static String format(SnapshotDef s, Secrets secrets) {
        return SnapshotFormatter.format(s, secrets, false);
    }

    /**
     * Formats a snapshot as its metadata file holds it: with its secrets and with
     * {@code <active>} saying whether it is the current one, as libvirt's own files do.
     *
     * @param s the snapshot
     * @return the document
     */
    public static String formatStored(SnapshotDef s) {
        return SnapshotFormatter.format(s, Secrets.INCLUDE, true);
    }
}
