package io.jvirt.image.cloudinit;

import io.jvirt.image.cloudinit.CloudInitException.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * virt-install's {@code --cloud-init} sub-options.
 *
 * @param rootPasswordGenerate make a random root password (16 letters and digits), printed once,
 *     to be changed at first login
 * @param rootPasswordFile a file whose first line is the root password, or null
 * @param rootSshKey a file whose first line is an SSH public key for root, or null
 * @param clouduserSshKey a file whose first line is an SSH public key for the image's default user, or null
 * @param userData a file used as the user-data as it is (the other options then do not shape it), or null
 * @param metaData a file used as the meta-data, or null for an empty one
 * @param networkConfig a file used as the network-config, or null for none
 * @param disable whether cloud-init disables itself after the first boot
 */
public record CloudInitOptions(boolean rootPasswordGenerate, Path rootPasswordFile, Path rootSshKey,
                               Path clouduserSshKey, Path userData, Path metaData, Path networkConfig,
                               boolean disable) {

    /** A bare {@code --cloud-init}: virt-install's default, a generated root password and disable=yes. */
    public static final CloudInitOptions DEFAULT =
            new CloudInitOptions(true, null, null, null, null, null, null, true);

    private static final List<String> KEYS = List.of("root-password-generate", "root-password-file", "root-ssh-key",
            "ssh-key", "clouduser-ssh-key", "user-data", "meta-data", "network-config", "disable");

    /**
     * Parses the value of {@code --cloud-init} as virt-install does: comma-separated
     * {@code key=value} pairs ({@code ssh-key} is an alias of {@code root-ssh-key}); null or
     * empty is a bare {@code --cloud-init}. Every problem is reported at once.
     *
     * @param value the option's value
     * @return the options
     * @throws CloudInitException INVALID_OPTION naming every unknown key and bad value
     */
    public static CloudInitOptions parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        Map<String, String> kv = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = (eq < 0 ? part : part.substring(0, eq)).trim();
            String val = eq < 0 ? null : part.substring(eq + 1);
            if (key.equals("ssh-key")) {
                key = "root-ssh-key";
            }
            if (!KEYS.contains(key)) {
                problems.add("'" + key + "' is not a --cloud-init sub-option (known: "
                        + String.join(", ", KEYS.stream().filter(k -> !k.equals("ssh-key")).toList()) + ")");
            } else if (kv.put(key, val) != null) {
                problems.add("'" + key + "' is given twice");
            }
        }
        Boolean generate = onOff(kv, "root-password-generate", problems);
        Boolean disable = onOff(kv, "disable", problems);
        Path pwFile = path(kv, "root-password-file", problems);
        Path rootKey = path(kv, "root-ssh-key", problems);
        Path userKey = path(kv, "clouduser-ssh-key", problems);
        Path userData = path(kv, "user-data", problems);
        Path metaData = path(kv, "meta-data", problems);
        Path network = path(kv, "network-config", problems);
        if (Boolean.TRUE.equals(generate) && pwFile != null) {
            problems.add("root-password-generate and root-password-file exclude each other");
        }
        if (!problems.isEmpty()) {
            throw new CloudInitException(Kind.INVALID_OPTION, "The --cloud-init value '" + value + "' is not valid: "
                    + String.join("; ", problems) + ".");
        }
        return new CloudInitOptions(Boolean.TRUE.equals(generate), pwFile, rootKey, userKey, userData, metaData,
                network, Boolean.TRUE.equals(disable));
    }

    private static Boolean onOff(Map<String, String> kv, String key, List<String> problems) {
        if (!kv.containsKey(key)) {
            return null;
        }
        String v = kv.get(key);
        return switch (v == null ? "yes" : v.toLowerCase(Locale.ROOT)) {
            case "yes", "on", "true", "1" -> true;
            case "no", "off", "false", "0" -> false;
            default -> {
                problems.add(key + " takes yes or no, not '" + v + "'");
                yield null;
            }
        };
    }

    private static Path path(Map<String, String> kv, String key, List<String> problems) {
        if (!kv.containsKey(key)) {
            return null;
        }
        String v = kv.get(key);
        if (v == null || v.isEmpty()) {
            problems.add(key + " needs a file path");
            return null;
        }
        if (v.startsWith("~/")) {
            v = System.getProperty("user.home") + v.substring(1);
        }
        return Path.of(v);
    }
}
