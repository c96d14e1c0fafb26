package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code <sysinfo>} elements being planned: an SMBIOS table (BIOS, system, base board and
 * chassis strings, OEM strings) and QEMU firmware configuration entries, filled by
 * {@code --sysinfo} options (repeated options of one type add to the same element, as in
 * virt-install) and rendered in libvirt's order, the tables in the order the options first named them.
 */
final class SmbiosTables {
    /** The SMBIOS blocks and their fields, in the order libvirt and virt-install write them. */
    static final Map<String, List<String>> FIELDS = Map.of(
            "bios", List.of("vendor", "version", "date", "release"),
            "system", List.of("manufacturer", "product", "version", "serial", "uuid", "sku", "family"),
            "baseBoard", List.of("manufacturer", "product", "version", "serial", "asset", "location"),
            "chassis", List.of("manufacturer", "version", "serial", "asset", "sku"));
    private static final List<String> BLOCKS = List.of("bios", "system", "baseBoard", "chassis");

    /** One {@code <entry>} of a fwcfg table. */
    private static final class FwCfgEntry {
        String name;
        String value;
        String file;
    }

    /** "smbios" and "fwcfg", in the order they were first used. */
    private final List<String> tables = new ArrayList<>();
    private final Map<String, Map<String, String>> blocks = new LinkedHashMap<>();
    private final Map<Integer, String> oemStrings = new TreeMap<>();
    private final Map<Integer, FwCfgEntry> fwcfgEntries = new TreeMap<>();

    /** Makes the SMBIOS table exist (it may stay without fields). */
    void useSmbios() {
        use("smbios");
    }

    /** Makes the fwcfg table exist. */
    void useFwCfg() {
        use("fwcfg");
    }

    private void use(String table) {
        if (!tables.contains(table)) {
            tables.add(table);
        }
    }

    /** Sets a field of an SMBIOS block (one of {@link #FIELDS}). */
    void set(String block, String field, String value) {
        useSmbios();
        blocks.computeIfAbsent(block, b -> new LinkedHashMap<>()).put(field, value);
    }

    /** Sets OEM string number {@code index}. */
    void oemString(int index, String value) {
        useSmbios();
        oemStrings.put(index, value);
    }

    /** Sets the name, value or file (by {@code part}) of fwcfg entry number {@code index}. */
    void fwcfg(int index, String part, String value) {
        useFwCfg();
        FwCfgEntry e = fwcfgEntries.computeIfAbsent(index, i -> new FwCfgEntry());
        switch (part) {
            case "name" -> e.name = value;
            case "file" -> e.file = value;
            default -> e.value = value;
        }
    }

    /** Returns the fwcfg entries that lack a name, by index. */
    List<Integer> fwcfgEntriesWithoutName() {
        return fwcfgEntries.entrySet().stream().filter(e -> e.getValue().name == null).map(Map.Entry::getKey).toList();
    }

    /**
     * Returns whether a first boot may carry cloud-init's {@code ds=nocloud} system serial: as in
     * virt-install, only when the SMBIOS mode is QEMU's default or sysinfo and no serial was given.
     */
    boolean acceptsNocloudSerial(String smbiosMode) {
        return (smbiosMode == null || smbiosMode.equals("sysinfo"))
                && !blocks.getOrDefault("system", Map.of()).containsKey("serial");
    }

    /**
     * Renders the tables.
     *
     * @param nocloudSerial true to add the system serial {@code ds=nocloud} (the SMBIOS table is made if needed)
     * @return the {@code <sysinfo>} elements, SMBIOS first
     */
    List<XmlOut> render(boolean nocloudSerial) {
        List<String> order = new ArrayList<>(tables);
        if (nocloudSerial && !order.contains("smbios")) {
            order.add("smbios");
        }
        List<XmlOut> out = new ArrayList<>();
        for (String table : order) {
            out.add(table.equals("smbios") ? smbios(nocloudSerial) : fwcfg());
        }
        return out;
    }

    private XmlOut smbios(boolean nocloudSerial) {
        XmlOut s = XmlOut.element("sysinfo").attr("type", "smbios");
        for (String block : BLOCKS) {
            Map<String, String> values = new LinkedHashMap<>(blocks.getOrDefault(block, Map.of()));
            if (nocloudSerial && block.equals("system")) {
                values.put("serial", "ds=nocloud");
            }
            if (values.isEmpty()) {
                continue;
            }
            XmlOut b = XmlOut.element(block);
            for (String field : FIELDS.get(block)) {
                if (values.containsKey(field)) {
                    b.child(XmlOut.element("entry").attr("name", field).text(values.get(field)));
                }
            }
            s.child(b);
        }
        if (!oemStrings.isEmpty()) {
            XmlOut oem = XmlOut.element("oemStrings");
            oemStrings.values().forEach(v -> oem.child(XmlOut.element("entry").text(v)));
            s.child(oem);
        }
        return s;
    }

    private XmlOut fwcfg() {
        XmlOut f = XmlOut.element("sysinfo").attr("type", "fwcfg");
        for (FwCfgEntry e : fwcfgEntries.values()) {
            f.child(XmlOut.element("entry").attr("name", e.name).attr("file", e.file).text(e.value));
        }
        return f;
    }
}
