package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlElement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the osinfo database says about install trees, each part read when first needed: the
 * {@code <tree>} elements whose {@code <treeinfo>} patterns libosinfo matches a tree's
 * {@code .treeinfo} against ({@link #identify}, libosinfo's {@code osinfo_db_identify_tree}), every
 * short id (virtinst's {@code OSDB.lookup_os}) and the names and code names virtinst looks for in a
 * Debian, Ubuntu or openSUSE tree's URL ({@link #named}).
 */
final class OsInfoTrees {

    /**
     * What libosinfo reads from a {@code .treeinfo}: the {@code [general]} keys only; a blank value
     * counts as absent.
     *
     * @param family {@code family}, or null
     * @param variant {@code variant}, or null
     * @param version {@code version}, or null
     * @param arch {@code arch}, or null
     */
    record TreeIdentity(String family, String variant, String version, String arch) {

        /**
         * Reads the identity.
         *
         * @param ini the parsed file ({@link TreeInfo#parse})
         * @return the identity
         */
        static TreeIdentity of(Map<String, Map<String, String>> ini) {
            Map<String, String> g = ini.getOrDefault("general", Map.of());
            return new TreeIdentity(value(g, "family"), value(g, "variant"), value(g, "version"), value(g, "arch"));
        }

        private static String value(Map<String, String> section, String key) {
            String v = section.get(key);
            return v == null || v.isBlank() ? null : v;
        }

        /** The tree's architecture as libosinfo sets it: the treeinfo's, else i386. */
        String architecture() {
            return arch == null ? "i386" : arch;
        }
    }

    /**
     * One OS's name data.
     *
     * @param shortId the main short id
     * @param name the human name ({@code Debian 11})
     * @param codename the code name ({@code bullseye}, {@code Jammy Jellyfish}), or ""
     */
    record Named(String shortId, String name, String codename) {
    }

    /** A {@code <tree>} with {@code <treeinfo>} patterns (null where the entry has none). */
    private record Tree(String os, String arch, String family, String variant, String version, String treeArch) {
    }

    private final OsInfoDb db;
    private List<Tree> trees;
    private Set<String> shortIds;
    private final Map<String, List<Named>> named = new HashMap<>();

    private OsInfoTrees(OsInfoDb db) {
        this.db = db;
    }

    /**
     * The trees and names of a database, each read when first asked for, from the files that can
     * hold it (a cold read of all 900 files and their XML costs a one-shot CLI most of a second).
     *
     * @param db the database
     * @return the trees and names
     */
    static OsInfoTrees read(OsInfoDb db) {
        return new OsInfoTrees(db);
    }

    private List<Tree> trees() {
        if (trees == null) {
            List<Tree> out = new ArrayList<>();
            for (XmlElement os : db.osElements(text -> text.contains("<treeinfo>"))) {
                String main = mainShortId(os);
                for (XmlElement t : os.children()) {
                    XmlElement info = t.name().equals("tree") ? child(t, "treeinfo") : null;
                    if (info != null && main != null) {
                        out.add(new Tree(main, t.attributes().getOrDefault("arch", "all"), text(info, "family"),
                                text(info, "variant"), text(info, "version"), text(info, "arch")));
                    }
                }
            }
            trees = List.copyOf(out);
        }
        return trees;
    }

    private static String mainShortId(XmlElement os) {
        XmlElement id = child(os, "short-id");
        return id == null ? null : id.text().strip();
    }

    /**
     * Identifies a tree as libosinfo does: OS by OS (in the database's file order), the first of its
     * trees whose patterns all match (a pattern matches anywhere in the value; a pattern the entry
     * has but the tree lacks a value for fails) and whose architecture is the tree's; failing that,
     * the first matching tree for all architectures.
     *
     * @param tree the tree's identity
     * @return the OS's short id, or null when none matches
     */
    String identify(TreeIdentity tree) {
        String fallback = null;
        String current = null;
        for (Tree t : trees()) {
            if (!t.os().equals(current)) {
                if (fallback != null) {
                    return fallback;
                }
                current = t.os();
            }
            if (matches(t.family(), tree.family()) && matches(t.variant(), tree.variant())
                    && matches(t.version(), tree.version()) && matches(t.treeArch(), tree.arch())) {
                if (t.arch().equals(tree.architecture())) {
                    return t.os();
                }
                if (t.arch().equals("all") && fallback == null) {
                    fallback = t.os();
                }
            }
        }
        return fallback;
    }

    /** Whether the database has an OS with this short id (virtinst's {@code OSDB.lookup_os}). */
    boolean known(String shortId) {
        if (shortIds == null) {
            shortIds = Set.copyOf(db.shortIds());
        }
        return shortIds.contains(shortId);
    }

    /**
     * The OSes whose main short id starts with {@code prefix}, in virtinst's {@code list_os} order
     * (natural order with numbers descending: debian11 before debian10 before debiantesting).
     *
     * @param prefix the prefix ({@code debian}, {@code ubuntu}, {@code opensuse})
     * @return the OSes
     */
    List<Named> named(String prefix) {
        return named.computeIfAbsent(prefix, k -> {
            List<Named> out = new ArrayList<>();
            for (XmlElement os : db.osElements(text -> text.contains("<short-id>" + prefix))) {
                String main = mainShortId(os);
                if (main == null || !main.startsWith(prefix)) {
                    continue;
                }
                String name = null;
                for (XmlElement c : os.children()) {
                    if (c.name().equals("name") && !c.attributes().containsKey("xml:lang")) {
                        name = c.text().strip();
                        break;
                    }
                }
                String codename = text(os, "codename");
                out.add(new Named(main, name == null ? main : name, codename == null ? "" : codename));
            }
            out.sort(Comparator.comparing(Named::shortId, OsInfoTrees::naturalDescending));
            return List.copyOf(out);
        });
    }

    /** virtinst's sort key: text parts compared lower-cased, number parts compared largest first. */
    static int naturalDescending(String a, String b) {
        List<String> pa = parts(a);
        List<String> pb = parts(b);
        for (int i = 0; i < Math.min(pa.size(), pb.size()); i++) {
            String x = pa.get(i);
            String y = pb.get(i);
            int c = i % 2 == 1 ? Long.compare(Long.parseLong(y), Long.parseLong(x)) : x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.size(), pb.size());
    }

    /** Text, number, text, number, ... (as Python's re.split with a group: text parts may be empty). */
    private static List<String> parts(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean digits = false;
        for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean d = c >= '0' && c <= '9';
            if (d != digits) {
                out.add(cur.toString());
                cur.setLength(0);
                digits = d;
            }
            cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }

    private static boolean matches(String regex, String value) {
        if (regex == null) {
            return true;
        }
        if (value == null) {
            return false;
        }
        try {
            return Pattern.compile(regex).matcher(value).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static XmlElement child(XmlElement e, String name) {
        for (XmlElement c : e.children()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static String text(XmlElement e, String name) {
        XmlElement c = child(e, name);
        return c == null ? null : c.text().strip();
    }
}
