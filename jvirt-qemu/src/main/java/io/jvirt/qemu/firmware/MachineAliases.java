package io.jvirt.qemu.firmware;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * QEMU's machine type aliases ({@code pc} is {@code pc-i440fx-7.2}, {@code q35} is
 * {@code pc-q35-7.2} with QEMU 7.2), read from {@code qemu-system-x86_64 -machine help}, so
 * that a definition saying {@code q35} matches descriptors written for {@code pc-q35-*}, as
 * libvirt's canonical machine types do.
 *
 * @param aliases each alias with the machine type it stands for
 * @param defaultMachine the machine type QEMU uses when none is given, or null
 */
public record MachineAliases(Map<String, String> aliases, String defaultMachine) {

    /** What QEMU 7.2 says, for tests and when asking QEMU is not possible. */
    public static final MachineAliases QEMU_7_2 = new MachineAliases(
            Map.of("pc", "pc-i440fx-7.2", "q35", "pc-q35-7.2"), "pc-i440fx-7.2");

    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+.*\\(alias of (\\S+)\\)");
    private static final Pattern DEFAULT = Pattern.compile("^(\\S+)\\s+.*\\(default\\)");

    /** Copies the map. */
    public MachineAliases {
        aliases = Map.copyOf(aliases);
    }

    /**
     * Reads the output of {@code qemu-system-x86_64 -machine help}.
     *
     * @param help the output
     * @return the aliases it lists
     */
    public static MachineAliases parse(String help) {
        Map<String, String> aliases = new TreeMap<>();
        String dflt = null;
        for (String line : help.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                aliases.put(m.group(1), m.group(2));
            }
            Matcher d = DEFAULT.matcher(line);
            if (d.find()) {
                dflt = d.group(1);
            }
        }
        String canonicalDefault = dflt == null ? null : aliases.getOrDefault(dflt, dflt);
        return new MachineAliases(aliases, canonicalDefault);
    }

    /**
     * Returns the machine type a name stands for.
     *
     * @param machine a machine type or alias, or null for QEMU's default
     * @return the canonical machine type
     */
    public String canonical(String machine) {
        if (machine == null) {
            return defaultMachine == null ? canonical("pc") : defaultMachine;
        }
        return aliases.getOrDefault(machine, machine);
    }
}
