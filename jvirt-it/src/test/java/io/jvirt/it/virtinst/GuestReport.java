package io.jvirt.it.virtinst;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the test guest saw of its hardware: the {@code JVR} lines that its {@code jvirt-report}
 * prints on the serial console between {@code JVIRT-REPORT-BEGIN} and {@code JVIRT-REPORT-END}
 * (scripts/build-test-guest.sh writes the script; each line's layout is there).
 *
 * @param pci the PCI functions
 * @param onlineCpus how many vCPUs are online
 * @param packages how many distinct CPU packages (sockets) the online vCPUs are in
 * @param memTotalKib MemTotal of /proc/meminfo
 * @param blocks the block devices
 * @param nics the network interfaces
 * @param usbProducts the product strings of the USB devices (hubs and host controllers included)
 * @param tpms the TPMs: driver and major version, such as {@code tpm_crb 2}
 * @param virtioPorts the names of the virtio-serial ports
 * @param serialPorts the I/O ports of the 16550 UARTs found, such as {@code 000003F8}
 * @param parallelPorts how many parallel ports the guest has
 * @param watchdogs the identities of the watchdogs
 * @param rngs the hardware random number generators available
 * @param sound the sound cards, as /proc/asound/cards names them
 * @param acpiIds the ACPI hardware ids present
 * @param acpiTables the ACPI tables present
 * @param dmi the SMBIOS strings by sysfs name, such as {@code sys_vendor}
 * @param mounts the shared directories mounted, by tag: "ok FILES..." or "failed"
 */
record GuestReport(List<Pci> pci, int onlineCpus, int packages, long memTotalKib, List<Block> blocks, List<Nic> nics,
                   List<String> usbProducts, List<String> tpms, List<String> virtioPorts, List<String> serialPorts,
                   int parallelPorts, List<String> watchdogs, String rngs, List<String> sound, List<String> acpiIds,
                   List<String> acpiTables, Map<String, String> dmi, Map<String, String> mounts) {

    static final String BEGIN = "JVIRT-REPORT-BEGIN";
    static final String END = "JVIRT-REPORT-END";

    private static final Pattern FUNCTION = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:([0-9a-f]{2})\\.([0-7])");

    /**
     * A PCI function.
     *
     * @param position the slot.function of each bridge on the way from the root bus and of the function
     *     itself, such as {@code 02.0/00.0}: bus numbers are the firmware's choice, the topology is not
     * @param vendor the vendor id, such as {@code 1af4}
     * @param device the device id
     * @param pciClass the class code, such as {@code 020000}
     * @param driver the bound driver, or {@code -}
     */
    record Pci(String position, String vendor, String device, String pciClass, String driver) {
        /** {@code vendor:device}. */
        String ids() {
            return vendor + ":" + device;
        }
    }

    /**
     * A block device.
     *
     * @param name its kernel name, such as {@code vda} or {@code sr0}
     * @param bytes its size
     * @param path its sysfs device path
     */
    record Block(String name, long bytes, String path) {
    }

    /**
     * A network interface.
     *
     * @param name its kernel name
     * @param mac its MAC address
     * @param driver its driver
     */
    record Nic(String name, String mac, String driver) {
    }

    /** Finds the report in console output; null when it is not complete yet. */
    static GuestReport parse(String console) {
        int begin = console.lastIndexOf(BEGIN);
        int end = begin < 0 ? -1 : console.indexOf(END, begin);
        if (end < 0) {
            return null;
        }
        List<Pci> pci = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        List<Nic> nics = new ArrayList<>();
        List<String> usb = new ArrayList<>();
        List<String> tpms = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        List<String> serial = new ArrayList<>();
        List<String> watchdogs = new ArrayList<>();
        List<String> sound = new ArrayList<>();
        List<String> acpi = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        Map<String, String> dmi = new TreeMap<>();
        Map<String, String> mounts = new TreeMap<>();
        int cpus = 0;
        long mem = 0;
        int parallel = 0;
        String rngs = "";
        java.util.Set<String> packages = new java.util.TreeSet<>();
        for (String raw : console.substring(begin, end).split("\n")) {
            String line = raw.strip();
            if (!line.startsWith("JVR ")) {
                continue;
            }
            String[] f = line.substring(4).split(" ", -1);
            String rest = line.substring(4 + f[0].length()).strip();
            switch (f[0]) {
                case "pci" -> pci.add(new Pci(position(f[1]), hex(f[2]), hex(f[3]), hex(f[4]),
                        String.join(" ", List.of(f).subList(5, f.length))));
                case "cpus" -> cpus = countCpus(rest);
                case "cpu" -> packages.add(f[2] + "/" + f[3]);
                case "mem" -> mem = Long.parseLong(rest);
                case "block" -> blocks.add(new Block(f[1], Long.parseLong(f[2]) * 512, f.length > 4 ? f[4] : ""));
                case "net" -> nics.add(new Nic(f[1], f[2], f.length > 3 ? f[3] : "-"));
                case "usb" -> usb.add(rest.substring(rest.indexOf(' ') + 1).strip());
                case "tpm" -> tpms.add(rest.substring(rest.indexOf(' ') + 1).strip());
                case "vport" -> ports.add(f[2]);
                case "serial" -> serial.add(f[3]);
                case "parport" -> parallel++;
                case "watchdog" -> watchdogs.add(rest.substring(rest.indexOf(' ') + 1).strip());
                case "rng" -> rngs = rest;
                case "sound" -> sound.add(rest.substring(rest.indexOf(' ') + 1).strip());
                case "acpi" -> acpi.addAll(words(rest));
                case "acpitables" -> tables.addAll(words(rest));
                case "dmi" -> dmi.put(f[1], rest.substring(f[1].length()).strip());
                case "mount" -> mounts.put(f[2], String.join(" ", List.of(f).subList(3, f.length)).strip());
                default -> {
                    // a line a newer guest prints; nothing to check yet
                }
            }
        }
        return new GuestReport(pci, cpus, packages.size(), mem, blocks, nics, usb, tpms, ports, serial, parallel,
                watchdogs, rngs, sound, acpi, tables, dmi, mounts);
    }

    /** {@code /sys/devices/pci0000:00/0000:00:02.0/0000:01:00.0} to {@code 02.0/00.0}. */
    static String position(String sysfsPath) {
        List<String> parts = new ArrayList<>();
        Matcher m = FUNCTION.matcher(sysfsPath);
        while (m.find()) {
            parts.add(m.group(1) + "." + m.group(2));
        }
        return String.join("/", parts);
    }

    private static String hex(String v) {
        return v.startsWith("0x") ? v.substring(2) : v;
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
    }

    /** Counts a CPU list such as {@code 0-3,6}. */
    static int countCpus(String list) {
        int n = 0;
        for (String part : list.strip().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] r = part.split("-");
            n += r.length == 1 ? 1 : Integer.parseInt(r[1]) - Integer.parseInt(r[0]) + 1;
        }
        return n;
    }
}
