package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code <sysinfo>} element: what the guest's firmware tells it about the machine, either
 * SMBIOS strings ({@code type='smbios'}, used with {@code <smbios mode='sysinfo'>}) or
 * firmware configuration files ({@code type='fwcfg'}).
 */
public sealed interface SysinfoDef {

    /**
     * {@code <sysinfo type='smbios'>}: the SMBIOS tables the guest reads (cloud-init's
     * {@code ds=nocloud;...} travels as the system serial).
     *
     * @param bios the type 0 strings, or null
     * @param system the type 1 strings, or null
     * @param baseBoards the type 2 strings, one per {@code <baseBoard>}
     * @param chassis the type 3 strings, or null
     * @param oemStrings the type 11 strings, in order
     */
    record Smbios(Block bios, Block system, List<Block> baseBoards, Block chassis, List<String> oemStrings)
            implements SysinfoDef {

        /** Checks that each block is where its kind belongs. */
        public Smbios {
            baseBoards = Checks.list(baseBoards);
            oemStrings = Checks.list(oemStrings);
            expect(bios, BlockKind.BIOS);
            expect(system, BlockKind.SYSTEM);
            baseBoards.forEach(b -> expect(b, BlockKind.BASE_BOARD));
            expect(chassis, BlockKind.CHASSIS);
            oemStrings.forEach(s -> Checks.noControl(s, "An OEM string"));
        }

        private static void expect(Block b, BlockKind kind) {
            if (b != null && b.kind() != kind) {
                throw new IllegalArgumentException("a " + b.kind() + " block in the place of " + kind);
            }
        }

        /** Returns the system UUID entry, or null. */
        public String systemUuid() {
            return system == null ? null : system.entries().get("uuid");
        }
    }

    /**
     * {@code <sysinfo type='fwcfg'>}: named blobs in QEMU's firmware configuration device.
     *
     * @param entries the entries, in order
     */
    record FwCfg(List<FwCfgEntry> entries) implements SysinfoDef {
        /** Copies the list and refuses a name given twice. */
        public FwCfg {
            entries = Checks.list(entries);
            Set<String> seen = new HashSet<>();
            for (FwCfgEntry e : entries) {
                if (!seen.add(e.name())) {
                    throw new ConfException(Kind.DUPLICATE, "The fw_cfg entry '" + e.name() + "' is listed twice.");
                }
            }
        }
    }

    /**
     * One {@code <entry>} of a fwcfg sysinfo.
     *
     * @param name the name, starting with {@code opt/}
     * @param value the text content, or null
     * @param file the file whose content is used, or null
     */
    record FwCfgEntry(String name, String value, String file) {
        /** Checks the name as QEMU and libvirt do, and that exactly one of value and file is given. */
        public FwCfgEntry {
            Checks.required(name, "The fw_cfg entry name");
            if (!name.startsWith("opt/")) {
                throw new ConfException(Kind.INVALID_VALUE, "The fw_cfg entry name '" + Checks.printable(name)
                        + "' must start with 'opt/'.");
            }
            if (name.startsWith("opt/ovmf/") || name.startsWith("opt/org.qemu/")) {
                throw new ConfException(Kind.INVALID_VALUE, "The fw_cfg entry name '" + name
                        + "' is reserved for QEMU and its firmware; choose another name under opt/.");
            }
            if (name.contains(",") || name.chars().anyMatch(Character::isISOControl)) {
                throw new ConfException(Kind.INVALID_VALUE, "The fw_cfg entry name '" + Checks.printable(name)
                        + "' must not contain commas or control characters.");
            }
            if ((value == null) == (file == null)) {
                throw new ConfException(Kind.MISSING_VALUE, "The fw_cfg entry '" + name
                        + "' needs either a value or a 'file' attribute, not both.");
            }
            Checks.path(file, "The fw_cfg entry file");
            Checks.noControl(value, "The fw_cfg entry value");
        }
    }

    /** The SMBIOS structures a {@link Block} can describe, with the entry names libvirt allows in its order. */
    enum BlockKind {
        /** {@code <bios>}, SMBIOS type 0. */
        BIOS("bios", 0, List.of("vendor", "version", "date", "release")),
        /** {@code <system>}, SMBIOS type 1. */
        SYSTEM("system", 1, List.of("manufacturer", "product", "version", "serial", "uuid", "sku", "family")),
        /** {@code <baseBoard>}, SMBIOS type 2. */
        BASE_BOARD("baseBoard", 2, List.of("manufacturer", "product", "version", "serial", "asset", "location")),
        /** {@code <chassis>}, SMBIOS type 3. */
        CHASSIS("chassis", 3, List.of("manufacturer", "version", "serial", "asset", "sku"));

        private final String element;
        private final int smbiosType;
        private final List<String> names;

        BlockKind(String element, int smbiosType, List<String> names) {
            this.element = element;
            this.smbiosType = smbiosType;
            this.names = names;
        }

        /** Returns the XML element name. */
        public String element() {
            return element;
        }

        /** Returns the SMBIOS structure type, as QEMU's {@code -smbios type=N} names it. */
        public int smbiosType() {
            return smbiosType;
        }

        /** Returns the entry names allowed, in the order libvirt writes them. */
        public List<String> names() {
            return names;
        }
    }

    /**
     * The named entries of one SMBIOS structure.
     *
     * @param kind which structure
     * @param entries the values by entry name, in libvirt's order
     */
    record Block(BlockKind kind, Map<String, String> entries) {

        private static final Pattern DATE = Pattern.compile("(\\d+)/(\\d+)/(\\d+)");

        /** Checks the names, puts them in libvirt's order, checks a BIOS date and writes a system UUID canonically. */
        public Block {
            Checks.required(kind, "The SMBIOS block kind");
            if (entries.isEmpty()) {
                throw new ConfException(Kind.MISSING_VALUE, "<" + kind.element() + "> needs at least one <entry>.");
            }
            Map<String, String> ordered = new LinkedHashMap<>();
            for (String n : kind.names()) {
                if (entries.containsKey(n)) {
                    ordered.put(n, Checks.noControl(entries.get(n), "The SMBIOS entry '" + n + "'"));
                }
            }
            for (String n : entries.keySet()) {
                if (!ordered.containsKey(n)) {
                    throw new ConfException(Kind.INVALID_VALUE, "<" + kind.element() + "> has no entry '"
                            + Checks.printable(n) + "'; it takes " + String.join(", ", kind.names()) + ".");
                }
            }
            if (kind == BlockKind.SYSTEM && ordered.containsKey("uuid")) {
                // libvirt writes the UUID back in its canonical form
                ordered.put("uuid", DomainChecks.parseUuid(ordered.get("uuid")).toString());
            }
            entries = Collections.unmodifiableMap(ordered);
            if (kind == BlockKind.BIOS && entries.containsKey("date")) {
                checkDate(entries.get("date"));
            }
        }

        private static void checkDate(String date) {
            Matcher m = DATE.matcher(date);
            boolean ok = m.matches();
            if (ok) {
                long month = Long.parseLong(m.group(1));
                long day = Long.parseLong(m.group(2));
                long year = Long.parseLong(m.group(3));
                ok = month >= 1 && month <= 12 && day >= 1 && day <= 31 && (year < 100 || year >= 1900);
            }
            if (!ok) {
                throw new ConfException(Kind.INVALID_VALUE, "The BIOS date '" + Checks.printable(date)
                        + "' is not valid; write mm/dd/yyyy (or mm/dd/yy for 19yy).");
            }
        }
    }
}
