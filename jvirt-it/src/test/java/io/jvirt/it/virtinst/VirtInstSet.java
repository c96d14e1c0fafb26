package io.jvirt.it.virtinst;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The documents of the virt-install test set in {@code src/test/resources/virtinst/}, made by
 * {@code scripts/virtinst-set.sh} (its README.md describes the layout).
 *
 * <p>Every {@code .xml} file there is one document. Its id is its path below {@code virtinst/}
 * without {@code .xml}: {@code win11} (what virt-install writes for the installed boot),
 * {@code win11.install} (virt-install's install boot), {@code win11.libvirt} (libvirt's
 * {@code virsh dumpxml} after {@code virsh define} of {@code win11}) and the same under
 * {@code kvm/} for {@code --virt-type kvm}.
 */
final class VirtInstSet {

    /** Suffix of libvirt's normalized form of a document. */
    static final String LIBVIRT = ".libvirt";
    /** Suffix of the install step's document. */
    static final String INSTALL = ".install";

    private VirtInstSet() {
    }

    /** Who wrote a document. */
    enum Source {
        /** virt-install's --print-xml output. */
        VIRT_INSTALL,
        /** libvirt's dumpxml of a virt-install document it accepted. */
        LIBVIRT
    }

    /** What libvirt 9.0 made of a virt-install document. */
    enum LibvirtVerdict {
        /** {@code virsh define} accepted it; {@code ID.libvirt.xml} holds libvirt's form. */
        ACCEPTED,
        /** {@code virsh define} refused it; {@code ID.libvirt-refused.txt} holds libvirt's error. */
        REFUSED,
        /** The document is libvirt's own output. */
        IS_LIBVIRT_OUTPUT,
        /** Neither file is there: the set is incomplete. */
        UNKNOWN
    }

    /**
     * One document of the set.
     *
     * @param id the path below {@code virtinst/} without {@code .xml}
     * @param file the file
     * @param source who wrote it
     * @param libvirt what libvirt made of it
     */
    record Doc(String id, Path file, Source source, LibvirtVerdict libvirt) {

        /** Returns the case name: the file name without variant directory and suffixes. */
        String caseName() {
            String name = id.substring(id.lastIndexOf('/') + 1);
            int dot = name.indexOf('.');
            return dot < 0 ? name : name.substring(0, dot);
        }

        /** Returns the document text. */
        String read() {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Returns the directory of the set. */
    static Path dir() {
        URL readme = VirtInstSet.class.getResource("/virtinst/README.md");
        if (readme == null) {
            throw new IllegalStateException("virtinst/README.md is not on the test class path; the set is missing.");
        }
        try {
            return Path.of(readme.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot turn " + readme + " into a path.", e);
        }
    }

    /** Returns every document of the set, sorted by id. */
    static List<Doc> load() {
        Path dir = dir();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".xml"))
                    .map(p -> doc(dir, p))
                    .sorted(Comparator.comparing(Doc::id))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Doc doc(Path dir, Path file) {
        String rel = dir.relativize(file).toString().replace('\\', '/');
        String id = rel.substring(0, rel.length() - ".xml".length());
        if (id.endsWith(LIBVIRT)) {
            return new Doc(id, file, Source.LIBVIRT, LibvirtVerdict.IS_LIBVIRT_OUTPUT);
        }
        Path accepted = file.resolveSibling(file.getFileName().toString().replace(".xml", LIBVIRT + ".xml"));
        Path refused = file.resolveSibling(file.getFileName().toString().replace(".xml", ".libvirt-refused.txt"));
        LibvirtVerdict verdict = Files.exists(accepted) ? LibvirtVerdict.ACCEPTED
                : Files.exists(refused) ? LibvirtVerdict.REFUSED : LibvirtVerdict.UNKNOWN;
        return new Doc(id, file, Source.VIRT_INSTALL, verdict);
    }

    /** Reads a list of ids: one per line, blank lines and lines starting with # ignored. */
    static List<String> readIdList(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
