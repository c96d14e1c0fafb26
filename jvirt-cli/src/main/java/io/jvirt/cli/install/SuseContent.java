package io.jvirt.cli.install;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A SUSE tree's {@code content} file, as virt-install's urldetect reads it for the product's name
 * and version ({@code LABEL openSUSE 11.4}, {@code DISTRO cpe:/o:suse:sled:12:sp3,SUSE Linux
 * Enterprise Desktop 12 SP3}, {@code VERSION 12.3}); an Enterprise product's version is taken from
 * its name ({@code ... Server 11 SP4} is 11.4).
 *
 * @param productName the product's name, or null
 * @param productVersion the product's version ({@code 15.4}, {@code 11.4}), or null
 */
record SuseContent(String productName, String productVersion) {
    private static final List<String> KEYS = List.of("LABEL", "DISTRO", "VERSION", "BASEARCHS", "DEFAULTBASE", "REPOID");

    /**
     * Reads the file.
     *
     * @param text its text
     * @return what it says, or null when it cannot be read as virt-install reads it
     */
    static SuseContent parse(String text) {
        Map<String, String> d = new HashMap<>();
        for (String line : text.lines().toList()) {
            for (String key : KEYS) {
                if (line.startsWith(key + " ")) {
                    d.put(key, line.substring(key.length() + 1));
                }
            }
        }
        String distro = d.getOrDefault("DISTRO", "");
        String name = d.containsKey("LABEL") ? d.get("LABEL")
                : distro.contains(",") ? distro.substring(distro.lastIndexOf(',') + 1) : null;
        if (name == null) {
            return new SuseContent(null, null);
        }
        String version = d.getOrDefault("VERSION", "");
        if (version.contains("-")) {
            version = version.substring(0, version.indexOf('-'));
        }
        if (version.isEmpty() && !d.containsKey("DISTRO")) {
            // virt-install fails on such a file (it looks for DISTRO) and looks no further at it
            return null;
        }
        try {
            if (version.isEmpty() && Pattern.compile("^.*:.*,openSUSE*").matcher(distro).lookingAt()) {
                version = distro.substring(0, distro.lastIndexOf(',')).strip().split(":", -1)[4];
            }
            version = version.strip();
            if (name.contains("Enterprise") || name.contains("SLES")) {
                String[] words = name.strip().split(" ", -1);
                version = words[4];
                if (words.length > 5) {
                    version = version + "." + words[5].charAt(2);
                }
            }
        } catch (IndexOutOfBoundsException e) {
            // virt-install fails on such a file and looks no further at it
            return null;
        }
        return new SuseContent(name, version);
    }
}
