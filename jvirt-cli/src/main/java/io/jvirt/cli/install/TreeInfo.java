package io.jvirt.cli.install;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A distribution tree's {@code .treeinfo} (Fedora, RHEL, CentOS, openSUSE and others write one): an
 * INI file whose {@code [images-ARCH]} section names the installer's kernel and initrd, the way
 * virt-install and Anaconda read it.
 */
final class TreeInfo {
    private TreeInfo() {
    }

    /**
     * Finds the kernel and initrd the file names.
     *
     * @param text the file's contents
     * @return the paths relative to the tree, or null when the file names none for an x86 architecture
     */
    static LocationTree.Found kernelAndInitrd(String text) {
        Map<String, Map<String, String>> ini = parse(text);
        String family = value(ini, "general", "family");
        if (family == null) {
            family = value(ini, "release", "name");
        }
        String arch = value(ini, "tree", "arch");
        if (arch == null) {
            arch = value(ini, "general", "arch");
        }
        for (String a : new String[] {arch, "x86_64", "i386", "i686"}) {
            if (a == null) {
                continue;
            }
            String kernel = value(ini, "images-" + a, "kernel");
            String initrd = value(ini, "images-" + a, "initrd");
            if (kernel != null && initrd != null) {
                return new LocationTree.Found(family == null ? ".treeinfo" : family + " (.treeinfo)", strip(kernel),
                        strip(initrd));
            }
        }
        return null;
    }

    private static String strip(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static String value(Map<String, Map<String, String>> ini, String section, String key) {
        Map<String, String> s = ini.get(section.toLowerCase(Locale.ROOT));
        return s == null ? null : s.get(key.toLowerCase(Locale.ROOT));
    }

    /** Sections and keys, lower-cased; comments ({@code #}, {@code ;}) and lines without {@code =} are ignored. */
    static Map<String, Map<String, String>> parse(String text) {
        Map<String, Map<String, String>> ini = new HashMap<>();
        Map<String, String> section = null;
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = ini.computeIfAbsent(line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT),
                        k -> new HashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (section != null && eq > 0) {
                section.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
            }
        }
        return ini;
    }
}
