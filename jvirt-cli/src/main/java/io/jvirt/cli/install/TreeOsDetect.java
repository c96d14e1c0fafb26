package io.jvirt.cli.install;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies the OS of a {@code --location} install tree as virt-install 4.1 does
 * ({@code virtinst/install/urldetect.py}, which asks libosinfo first): the tree's {@code .treeinfo}
 * (or {@code treeinfo}) matched against the osinfo database's trees ({@link OsInfoTrees#identify});
 * failing that, virt-install's own rules in its order: a Fedora {@code .treeinfo} names
 * {@code fedoraVERSION} or {@code fedora-unknown}; RHEL, CentOS/Scientific and SUSE ones the
 * newest known release of their major version (SUSE trees also by their {@code content} file);
 * a Debian or Ubuntu tree (recognised by its
 * {@code MANIFEST} or {@code .disk/info}) says its release only through a code name in the
 * location ({@code .../dists/bullseye/...}), or {@code debiantesting} for a daily tree; Mageia by
 * its {@code VERSION} file. A tree that has a {@code .treeinfo} but matches nothing is known,
 * without an OS. Pure: files are read through a {@link Reader}.
 */
final class TreeOsDetect {

    /** Reads one file of the tree. */
    @FunctionalInterface
    interface Reader {
        /**
         * Reads a file.
         *
         * @param path the path relative to the tree's root
         * @return its text, or null when there is none (or it cannot be read)
         */
        String text(String path);
    }

    /**
     * What was found.
     *
     * @param shortId the OS's short id, or null when the tree was recognised but names no OS osinfo knows
     * @param how what told it, a phrase such as ".treeinfo (family Fedora, version 37)"
     */
    record Result(String shortId, String how) {
    }

    private static final List<String[]> MANIFESTS = List.of(
            new String[] {"current/images/MANIFEST", "url"},
            new String[] {"current/legacy-images/MANIFEST", "legacy_url"},
            new String[] {"daily/MANIFEST", "daily"});

    /**
     * SLES, SLED, openSUSE in virt-install's order: prefix, .treeinfo family pattern, {@code content}
     * product pattern (virt-install's patterns, matched from the start).
     */
    private static final List<String[]> SUSE = List.of(
            new String[] {"sles", ".*SUSE Linux Enterprise.*", ".*SUSE Linux Enterprise Server*|.*SUSE SLES*"},
            new String[] {"sled", ".*SUSE Linux Enterprise.*", ".*SUSE Linux Enterprise Desktop*"},
            new String[] {"opensuse", ".*openSUSE.*", ".*openSUSE.*"});

    private TreeOsDetect() {
    }

    /**
     * Identifies the tree.
     *
     * @param tree reads the tree's files
     * @param location the {@code --location} value as given (code names are looked for in it)
     * @param iso whether the tree is an ISO image (virt-install identifies those by volume id instead
     *            of asking libosinfo about their {@code .treeinfo}; the caller does that first)
     * @param db the osinfo database's trees and names
     * @return what was found, or null when the tree is of no kind virt-install knows
     */
    static Result detect(Reader tree, String location, boolean iso, OsInfoTrees db) {
        String text = tree.text(".treeinfo");
        if (text == null) {
            text = tree.text("treeinfo");
        }
        Map<String, Map<String, String>> ini = text == null ? null : TreeInfo.parse(text);
        OsInfoTrees.TreeIdentity id = ini == null ? null : OsInfoTrees.TreeIdentity.of(ini);
        String family = id == null ? null : id.family();
        if (id != null && !iso) {
            String os = db.identify(id);
            if (os != null) {
                return new Result(os, ".treeinfo (" + describe(id) + "), which the osinfo database's trees of "
                        + os + " match");
            }
        }
        if (family != null) {
            String how = ".treeinfo (" + describe(id) + ")";
            if (lookingAt(".*Fedora.*", family)) {
                return known(db, fedora(db, id.version()), how);
            }
            if (lookingAt(".*(Red Hat Enterprise Linux|RHEL).*", family)) {
                return known(db, newestUpdate(db, "rhel", id.version(), false), how);
            }
            if (lookingAt(".*CentOS.*", family) || lookingAt(".*Scientific.*", family)) {
                return known(db, newestUpdate(db, "centos", id.version(), false), how);
            }
        }
        SuseContent content = null;
        boolean contentRead = false;
        for (String[] suse : SUSE) {
            boolean byTreeinfo = family != null && lookingAt(suse[1], family);
            if (!byTreeinfo) {
                if (!contentRead) {
                    contentRead = true;
                    String c = tree.text("content");
                    content = c == null ? null : SuseContent.parse(c);
                }
                String product = content == null || content.productName() == null ? "" : content.productName();
                if (content == null || !lookingAt(suse[2], product)) {
                    continue;
                }
            }
            String treeName = ini == null ? null : ini.getOrDefault("general", Map.of()).get("name");
            return known(db, suse(db, suse[0], treeName, id == null ? null : id.version(), location,
                    content), byTreeinfo ? ".treeinfo (" + describe(id) + ")"
                    : "content file (" + content.productName() + ")");
        }
        for (String debname : List.of("debian", "ubuntu")) {
            String media = debianMedia(tree, iso, debname);
            if (media != null) {
                return known(db, debianRelease(db, debname, media, location), debname.equals("debian")
                        ? "Debian installer files and the location's code name"
                        : "Ubuntu installer files and the location's code name");
            }
        }
        String version = tree.text("VERSION");
        Matcher mageia = version == null ? null : Pattern.compile("^Mageia (\\d+) .*").matcher(version);
        if (mageia != null && mageia.lookingAt()) {
            return known(db, "mageia" + mageia.group(1), "VERSION file");
        }
        if (family != null) {
            return new Result(null, ".treeinfo (" + describe(id) + ")");
        }
        return null;
    }

    private static Result known(OsInfoTrees db, String shortId, String how) {
        return new Result(shortId != null && db.known(shortId) ? shortId : null, how);
    }

    private static String describe(OsInfoTrees.TreeIdentity id) {
        StringBuilder b = new StringBuilder("family ").append(id.family() == null ? "unknown" : id.family());
        if (id.version() != null) {
            b.append(", version ").append(id.version());
        }
        if (id.variant() != null) {
            b.append(", variant ").append(id.variant());
        }
        if (id.arch() != null) {
            b.append(", arch ").append(id.arch());
        }
        return b.toString();
    }

    /** fedoraVERSION when osinfo knows it, else fedora-unknown (also for rawhide trees). */
    private static String fedora(OsInfoTrees db, String version) {
        if (version == null || List.of("development", "rawhide", "Rawhide").contains(version)) {
            return "fedora-unknown";
        }
        return db.known("fedora" + version) ? "fedora" + version : "fedora-unknown";
    }

    /**
     * PREFIXmajor.update, walking the update down to 0 until osinfo knows one (RHEL 7.6 is rhel7.5 when
     * osinfo stops at 7.5); SUSE Enterprise names its first release without ".0".
     */
    private static String newestUpdate(OsInfoTrees db, String prefix, String version, boolean sleNoZero) {
        if (version == null) {
            return null;
        }
        int major = safeInt(version);
        int update = 0;
        if (version.contains(".")) {
            String[] p = version.split("\\.", -1);
            major = safeInt(p[0]);
            update = safeInt(p[1]);
        }
        String base = prefix + major;
        for (; update >= 0; update--) {
            String name = sleNoZero && update == 0 && base.startsWith("sle") ? base : base + "." + update;
            if (db.known(name)) {
                return name;
            }
        }
        return null;
    }

    /** From the .treeinfo's name and version, else a code name in the location, else the content file. */
    private static String suse(OsInfoTrees db, String prefix, String treeName, String version, String location,
                               SuseContent content) {
        if (treeName != null) {
            if (Pattern.compile("openSUSE Tumbleweed").matcher(treeName).find()) {
                return "opensusetumbleweed";
            }
            String v = newestUpdate(db, prefix, version, true);
            if (v != null) {
                return v;
            }
        }
        for (OsInfoTrees.Named os : db.named("opensuse")) {
            String codename = os.shortId().substring("opensuse".length());
            if (Pattern.compile("/" + codename + "/").matcher(location).find()) {
                return os.shortId();
            }
        }
        if (content == null || content.productVersion() == null || content.productVersion().isEmpty()) {
            return null;
        }
        String v = content.productVersion();
        int dot = v.indexOf('.');
        if (prefix.startsWith("sles") || prefix.startsWith("sled")) {
            String major = (dot < 0 ? v : v.substring(0, dot)).strip();
            return prefix + major + (dot < 0 ? "" : "sp" + v.substring(dot + 1).strip());
        }
        return prefix + v;
    }

    /** virt-install's Debian media type, or null when the tree is not of this distribution. */
    private static String debianMedia(Reader tree, boolean iso, String debname) {
        for (String[] m : MANIFESTS) {
            String manifest = tree.text(m[0]);
            if (manifest == null) {
                continue;
            }
            boolean match = anyLine(manifest, ".*[Uu]buntu.*") ? debname.equals("ubuntu")
                    : anyLine(manifest, ".*[Dd]ebian.*");
            if (match) {
                return m[1];
            }
        }
        String info = tree.text(".disk/info");
        String capitalized = Character.toUpperCase(debname.charAt(0)) + debname.substring(1);
        if (info != null && anyLine(info, capitalized + ".*")) {
            return iso ? "disk" : "mounted_iso_url";
        }
        return null;
    }

    /** debiantesting for a daily tree, else the release whose code name is a path element of the location. */
    private static String debianRelease(OsInfoTrees db, String debname, String media, String location) {
        if (media.equals("daily")) {
            return "debiantesting";
        }
        for (OsInfoTrees.Named os : db.named(debname)) {
            String codename;
            if (!os.codename().isEmpty()) {
                codename = os.codename().split("\\s+")[0].toLowerCase(Locale.ROOT);
            } else if (os.name().contains(" ")) {
                codename = os.name().split(" ")[1].toLowerCase(Locale.ROOT);
            } else {
                continue;
            }
            if (location.contains("/" + codename + "/")) {
                return os.shortId();
            }
        }
        return null;
    }

    private static boolean anyLine(String text, String regex) {
        Pattern p = Pattern.compile(regex);
        return text.lines().anyMatch(l -> p.matcher(l).lookingAt());
    }

    private static boolean lookingAt(String regex, String value) {
        return Pattern.compile(regex).matcher(value).lookingAt();
    }

    private static int safeInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
