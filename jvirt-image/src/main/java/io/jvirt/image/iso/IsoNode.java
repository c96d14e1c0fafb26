package io.jvirt.image.iso;

import io.jvirt.image.ImageException;
import io.jvirt.image.ImageException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An entry of an ISO image: a file with its bytes or a directory with its entries. Names are the
 * long names readers see through Joliet and Rock Ridge; the writer derives the short ISO 9660
 * names from them.
 */
public sealed interface IsoNode permits IsoNode.File, IsoNode.Directory {

    /** Longest name, in characters: Joliet's limit, so both long-name trees show the same names. */
    int MAX_NAME = 64;

    /** Longest name in UTF-8 bytes, so that its Rock Ridge NM entry fits in the directory record. */
    int MAX_NAME_BYTES = 128;

    /** The entry's name within its directory. */
    String name();

    /**
     * A regular file.
     *
     * @param name the file name
     * @param content the file's bytes (copied)
     */
    record File(String name, byte[] content) implements IsoNode {
        /** Checks the name and copies the content. */
        public File {
            checkName(name);
            if (content == null) {
                throw new ImageException(Kind.INVALID_ARGUMENT, null, "The ISO file '" + name + "' has no content.");
            }
            content = content.clone();
        }

        /** A file holding {@code text} in UTF-8. */
        public static File text(String name, String text) {
            return new File(name, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        /** The size in bytes. */
        public int size() {
            return content.length;
        }

        byte[] bytes() {
            return content;
        }
    }

    /**
     * A directory.
     *
     * @param name the directory name (empty for the root)
     * @param entries its files and subdirectories, names unique
     */
    record Directory(String name, List<IsoNode> entries) implements IsoNode {
        /** Checks the name and that no two entries share a name. */
        public Directory {
            if (!name.isEmpty()) {
                checkName(name);
            }
            entries = List.copyOf(entries);
            Set<String> seen = new HashSet<>();
            List<String> dups = new ArrayList<>();
            for (IsoNode n : entries) {
                if (!seen.add(n.name())) {
                    dups.add(n.name());
                }
            }
            if (!dups.isEmpty()) {
                throw new ImageException(Kind.INVALID_ARGUMENT, null, "The ISO directory '" + name
                        + "' holds more than one entry named " + String.join(", ", dups) + "; names must be unique.");
            }
        }

        /** The root directory of an image. */
        public static Directory root(List<IsoNode> entries) {
            return new Directory("", entries);
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new ImageException(Kind.INVALID_ARGUMENT, null,
                    "An ISO entry needs a name other than empty, '.' or '..'.");
        }
        if (name.length() > MAX_NAME) {
            throw new ImageException(Kind.INVALID_ARGUMENT, null, "The ISO entry name '" + name + "' has "
                    + name.length() + " characters; Joliet allows at most " + MAX_NAME + ".");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new ImageException(Kind.INVALID_ARGUMENT, null, "The ISO entry name '" + name + "' takes more than "
                    + MAX_NAME_BYTES + " bytes in UTF-8, more than a Rock Ridge name fits in one directory record.");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                throw new ImageException(Kind.INVALID_ARGUMENT, null, "The ISO entry name '" + name
                        + "' holds '/', a control character or a character outside the Basic Multilingual Plane.");
            }
        }
    }
}
