package io.jvirt.daemon.host;

import io.jvirt.conf.domain.SysinfoDef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's own SMBIOS strings, which {@code <smbios mode='host'>} gives the guest, read from
 * the kernel's {@code /sys/class/dmi/id} (libvirt runs dmidecode for the same strings). Files
 * only root may read, such as the serial numbers, are left out when the daemon cannot read them.
 */
public final class HostSmbios {

    /** Where the kernel exposes the strings. */
    public static final Path SYSFS = Path.of("/sys/class/dmi/id");

    private HostSmbios() {
    }

    /**
     * Reads the host's strings from {@link #SYSFS}.
     *
     * @return the strings, or null when the host exposes none (containers, some VMs)
     */
    public static SysinfoDef.Smbios read() {
        return read(SYSFS);
    }

    /**
     * Reads the strings of a DMI directory.
     *
     * @param dir {@link #SYSFS}, or a copy of it
     * @return the strings, or null when the directory holds none
     */
    public static SysinfoDef.Smbios read(Path dir) {
        SysinfoDef.Block bios = block(dir, SysinfoDef.BlockKind.BIOS, Map.of("vendor", "bios_vendor",
                "version", "bios_version", "date", "bios_date", "release", "bios_release"));
        SysinfoDef.Block system = block(dir, SysinfoDef.BlockKind.SYSTEM, Map.of("manufacturer", "sys_vendor",
                "product", "product_name", "version", "product_version", "serial", "product_serial",
                "uuid", "product_uuid", "sku", "product_sku", "family", "product_family"));
        SysinfoDef.Block board = block(dir, SysinfoDef.BlockKind.BASE_BOARD, Map.of("manufacturer", "board_vendor",
                "product", "board_name", "version", "board_version", "serial", "board_serial",
                "asset", "board_asset_tag"));
        SysinfoDef.Block chassis = block(dir, SysinfoDef.BlockKind.CHASSIS, Map.of("manufacturer", "chassis_vendor",
                "version", "chassis_version", "serial", "chassis_serial", "asset", "chassis_asset_tag"));
        if (bios == null && system == null && board == null && chassis == null) {
            return null;
        }
        return new SysinfoDef.Smbios(bios, system, board == null ? List.of() : List.of(board), chassis, List.of());
    }

    private static SysinfoDef.Block block(Path dir, SysinfoDef.BlockKind kind, Map<String, String> files) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String name : kind.names()) {
            String file = files.get(name);
            if (file == null) {
                continue;
            }
            try {
                String v = Files.readString(dir.resolve(file), StandardCharsets.UTF_8).strip();
                if (!v.isEmpty() && v.chars().noneMatch(Character::isISOControl)) {
                    entries.put(name, v);
                }
            } catch (IOException | RuntimeException e) {
                // absent, or readable by root only: the guest does without it
            }
        }
        if (kind == SysinfoDef.BlockKind.BIOS && entries.containsKey("date")) {
            try {
                return new SysinfoDef.Block(kind, entries);
            } catch (RuntimeException bad) {
                entries.remove("date"); // a date the SMBIOS format does not allow
            }
        }
        return entries.isEmpty() ? null : new SysinfoDef.Block(kind, entries);
    }
}
