package io.jvirt.it.corpus;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a QEMU argv (libvirt's or jvirt's) into a {@link GuestView}. The rules:
 * <ul>
 *   <li><b>Ignored</b>, as host plumbing a guest does not see: {@code -name}, {@code -S},
 *       {@code -mon}, {@code -pidfile}, {@code -sandbox}, {@code -msg}, {@code -display},
 *       {@code -vnc}, {@code -spice}, {@code -no-user-config}, {@code -nodefaults},
 *       {@code -overcommit}, {@code -add-fd}, {@code -no-shutdown}, {@code -incoming},
 *       {@code -daemonize}; chardevs, audiodevs and {@code secret}/{@code tls-creds-*}/
 *       {@code thread-context} objects no device uses (the monitor, libvirt's master key, the
 *       audio backend libvirt always adds); a plain anonymous {@code memory-backend} of the machine
 *       (the RAM size is {@code -m}'s).</li>
 *   <li><b>Settings</b>: {@code -machine} (type and properties; {@code accel=} there, {@code -accel}
 *       and {@code -enable-kvm} all give {@code accel}; {@code -no-acpi} and {@code -no-hpet} are
 *       {@code machine.acpi=off} and {@code machine.hpet=off}; {@code -drive if=pflash,unit=N} is
 *       {@code machine.pflashN}, with QEMU's defaults raw, read-write, and the {@code file} or, under
 *       /dev, {@code host_device} protocol), {@code -cpu} (model and features, {@code +f} as
 *       {@code f=on}; without {@code -cpu}, QEMU's default {@code qemu64}, or {@code qemu32} for
 *       qemu-system-i386), {@code -m} (sizes in bytes; a bare number is MiB), {@code -smp},
 *       {@code -uuid}, {@code -rtc}, {@code -boot}, {@code -bios}/{@code -kernel}/{@code -initrd}/
 *       {@code -append}/{@code -dtb}, {@code -no-reboot}, {@code -watchdog-action},
 *       {@code -mem-prealloc}; the machine's {@code memory-backend} as {@code memory.backend.*} when it
 *       is more than plain anonymous memory (huge pages, a file, host nodes, preallocation).</li>
 *   <li><b>Devices</b>: each {@code -device} with its driver; {@code bus} and {@code addr} (and on
 *       non-PCI buses {@code channel}, {@code scsi-id}, {@code lun}, {@code unit}, {@code port},
 *       {@code nr}) become its location, where a bus is named by the device providing it, not by
 *       its id ({@code pci.0} and {@code pcie.0}, QEMU's root buses, keep their names); {@code id}
 *       is dropped.</li>
 *   <li><b>Backends</b> ({@code -blockdev}, {@code -drive}, {@code -netdev}, {@code -chardev},
 *       {@code -object}, {@code -fsdev}, {@code -tpmdev}, {@code -audiodev}) are not compared on
 *       their own: a property naming one (a device's {@code drive}, {@code netdev}, {@code memdev},
 *       {@code fsdev}; the machine's {@code pflash0}) is replaced by the backend's properties under
 *       that key ({@code drive.driver=qcow2}, {@code drive.file.filename=/a.qcow2}), following
 *       {@code file} chains. Dropped from backends: node names and ids, {@code auto-read-only},
 *       {@code discard} on a protocol node (libvirt always sets it there; the format node's
 *       {@code discard} is what the XML's {@code discard} asks for), a netdev's file descriptors,
 *       {@code ifname}, scripts and helper. A chardev is compared only as present: what kind of
 *       host end it has (pty, socket, file) is the manager's plumbing, and jvirt relays consoles
 *       through a socket of its own. A backend nothing refers to is an extra.</li>
 *   <li><b>Extras</b>: {@code -global} (as {@code driver.property=value}, either syntax),
 *       {@code -numa}, {@code -smbios}, unused backends and every option not named above, as text.</li>
 * </ul>
 * Values go through {@link OptionValue#normalize}: on/off for booleans, decimal for hex integers.
 * Device properties one side leaves to QEMU's default are {@link GuestDiff}'s business.
 */
final class ArgvReader {

    /** How deep backends nest at most (a backing chain of block nodes); deeper is a cycle. */
    private static final int MAX_DEPTH = 32;

    private static final Set<String> NO_ARGUMENT = Set.of("-S", "-no-user-config", "-nodefaults", "-no-shutdown",
            "-no-acpi", "-no-hpet", "-no-reboot", "-enable-kvm", "-daemonize", "-mem-prealloc", "-nographic",
            "-snapshot", "-enable-fips", "-no-fd-bootchk", "-nodefconfig", "-no-kvm-pit-reinjection", "-no-kvm");
    private static final Set<String> IGNORED = Set.of("-name", "-S", "-mon", "-pidfile", "-sandbox", "-msg", "-display",
            "-vnc", "-spice", "-no-user-config", "-nodefaults", "-overcommit", "-add-fd", "-no-shutdown", "-incoming",
            "-daemonize");
    private static final Map<String, String> BACKEND_KEYS = Map.of("-blockdev", "node-name", "-drive", "id",
            "-netdev", "id", "-chardev", "id", "-object", "id", "-fsdev", "id", "-tpmdev", "id", "-audiodev", "id");
    private static final Map<String, String> IMPLIED = Map.ofEntries(Map.entry("-device", "driver"),
            Map.entry("-netdev", "type"), Map.entry("-chardev", "backend"), Map.entry("-object", "qom-type"),
            Map.entry("-fsdev", "fsdriver"), Map.entry("-tpmdev", "type"), Map.entry("-audiodev", "driver"),
            Map.entry("-machine", "type"), Map.entry("-accel", "accel"), Map.entry("-cpu", "model"),
            Map.entry("-m", "size"), Map.entry("-smp", "cpus"), Map.entry("-boot", "order"),
            Map.entry("-numa", "type"), Map.entry("-smbios", "type"));
    private static final Set<String> NETDEV_HOST_KEYS = Set.of("fd", "fds", "vhostfd", "vhostfds", "ifname", "script",
            "downscript", "helper", "br");
    private static final Set<String> UNUSED_HIDDEN_OBJECTS = Set.of("secret", "tls-creds-x509", "tls-creds-anon",
            "tls-creds-psk", "thread-context");
    private static final List<String> BUS_ADDRESS_KEYS = List.of("channel", "scsi-id", "lun", "unit", "port", "nr");
    private static final Pattern PCI_ADDR = Pattern.compile("(?:0x)?([0-9a-fA-F]+)(?:\\.(?:0x)?([0-9a-fA-F]+))?");
    private static final Pattern SUB_BUS = Pattern.compile("(.+)\\.(\\d+)");

    /** A backend: the option that made it and its properties. */
    private record Backend(String option, Map<String, String> props) {
    }

    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();
    private final Map<String, Map<String, String>> devicesById = new HashMap<>();
    private final List<Map<String, String>> rawDevices = new ArrayList<>();
    private final TreeMap<String, String> settings = new TreeMap<>();
    private final TreeMap<String, Integer> extras = new TreeMap<>();
    private final List<String[]> deferred = new ArrayList<>();

    private final String binary;

    private ArgvReader(String binary) {
        this.binary = binary;
    }

    /** Reads an argv whose first element is the QEMU binary. */
    static GuestView read(List<String> argv) {
        ArgvReader r = new ArgvReader(argv.getFirst());
        for (int i = 1; i < argv.size(); i++) {
            String option = argv.get(i);
            boolean flag = NO_ARGUMENT.contains(option) || i + 1 >= argv.size()
                    || (argv.get(i + 1).startsWith("-") && !option.equals("-append"));
            String value = flag ? null : argv.get(++i);
            r.collect(option, value);
        }
        return r.view();
    }

    private void collect(String option, String value) {
        if (option.equals("-drive") && value.contains("if=pflash")) {
            pflash(OptionValue.parse(value, null));
        } else if (BACKEND_KEYS.containsKey(option)) {
            Map<String, String> props = OptionValue.parse(value, IMPLIED.get(option));
            String id = props.remove(BACKEND_KEYS.get(option));
            if (id != null) {
                backends.put(id, new Backend(option, props));
                return;
            }
            addExtra(option + " " + text(props));
        } else if (option.equals("-device")) {
            Map<String, String> props = OptionValue.parse(value, "driver");
            rawDevices.add(props);
            if (props.get("id") != null) {
                devicesById.put(props.get("id"), props);
            }
        } else if (!IGNORED.contains(option)) {
            deferred.add(new String[] {option, value});
        }
    }

    /** {@code -drive if=pflash,unit=N} says what the machine's {@code pflashN} property says. */
    private void pflash(Map<String, String> drive) {
        String unit = drive.getOrDefault("unit", "0");
        String file = drive.getOrDefault("file", "");
        settings.put("machine.pflash" + unit + ".driver", drive.getOrDefault("format", "raw"));
        settings.put("machine.pflash" + unit + ".read-only", drive.getOrDefault("readonly", "off"));
        settings.put("machine.pflash" + unit + ".file.filename", file);
        settings.put("machine.pflash" + unit + ".file.driver", file.startsWith("/dev/") ? "host_device" : "file");
    }

    private GuestView view() {
        for (String[] o : deferred) {
            setting(o[0], o[1]);
        }
        // QEMU's default CPU model for its x86 binaries, when the command line names none
        settings.putIfAbsent("cpu.model", binary.endsWith("qemu-system-i386") ? "qemu32" : "qemu64");
        List<GuestView.Device> devices = new ArrayList<>();
        for (Map<String, String> raw : rawDevices) {
            devices.add(device(raw));
        }
        for (Map.Entry<String, Backend> b : backends.entrySet()) {
            if (used.contains(b.getKey()) || b.getValue().option().equals("-chardev")
                    || b.getValue().option().equals("-audiodev")
                    || UNUSED_HIDDEN_OBJECTS.contains(b.getValue().props().getOrDefault("qom-type", ""))) {
                continue;
            }
            addExtra(b.getValue().option() + " " + text(expand(b.getValue().props(), 0)));
        }
        return new GuestView(settings, extras, devices);
    }

    private void setting(String option, String value) {
        switch (option) {
            case "-machine" -> {
                Map<String, String> props = OptionValue.parse(value, "type");
                String accel = props.remove("accel");
                if (accel != null) {
                    settings.put("accel", accel);
                }
                String ram = props.remove("memory-backend");
                if (ram != null) {
                    used.add(ram);
                    ramBackend(ram);
                }
                expand(props, 0).forEach((k, v) -> settings.put("machine." + k, v));
            }
            case "-accel" -> OptionValue.parse(value, "accel").forEach((k, v) -> settings.put(k.equals("accel") ? k : "accel." + k, v));
            case "-enable-kvm" -> settings.put("accel", "kvm");
            case "-no-acpi" -> settings.put("machine.acpi", "off");
            case "-no-hpet" -> settings.put("machine.hpet", "off");
            case "-no-reboot" -> settings.put("no-reboot", "on");
            case "-mem-prealloc" -> settings.put("memory.prealloc", "on");
            case "-cpu", "-smp", "-rtc", "-boot" -> OptionValue.parse(value, IMPLIED.get(option))
                    .forEach((k, v) -> settings.put(option.substring(1) + "." + k, v));
            case "-m" -> OptionValue.parse(value, "size").forEach((k, v) ->
                    settings.put("memory." + k, k.equals("size") || k.equals("maxmem") ? bytes(v) : v));
            case "-uuid" -> settings.put("uuid", value.toLowerCase(Locale.ROOT));
            case "-bios", "-kernel", "-initrd", "-append", "-dtb" -> settings.put("firmware." + option.substring(1), value);
            case "-watchdog-action" -> settings.put("watchdog-action", value);
            case "-global" -> addExtra("-global " + global(value));
            case "-numa", "-smbios" -> addExtra(option + " " + text(expand(OptionValue.parse(value, IMPLIED.get(option)), 0)));
            default -> addExtra(value == null ? option : option + " " + value);
        }
    }

    /**
     * The machine's RAM backend as {@code memory.backend.*} settings (what backs the guest's RAM:
     * huge pages, a file, host nodes, preallocation), unless it is plain anonymous memory, which is
     * what QEMU gives without one; its size is {@code -m}'s.
     */
    private void ramBackend(String id) {
        Backend b = backends.get(id);
        if (b == null) {
            return;
        }
        Map<String, String> props = summary(b, 1);
        props.remove("size");
        props.remove("x-use-canonical-path-for-ramblock-id");
        if (props.equals(Map.of("qom-type", "memory-backend-ram"))) {
            return;
        }
        props.forEach((k, v) -> settings.put("memory.backend." + k, v));
    }

    private GuestView.Device device(Map<String, String> raw) {
        Map<String, String> props = new TreeMap<>(raw);
        String driver = props.remove("driver");
        props.remove("id");
        String location = location(raw, 0);
        props.remove("bus");
        if (props.remove("addr") == null && raw.get("bus") != null) {
            BUS_ADDRESS_KEYS.forEach(props::remove);
        }
        Map<String, String> expanded = expand(props, 0);
        String identity = expanded.getOrDefault("drive.file.filename", expanded.getOrDefault("drive.filename",
                expanded.getOrDefault("mac", "").toLowerCase(Locale.ROOT)));
        return new GuestView.Device(driver == null ? "?" : driver, location, new TreeMap<>(expanded), identity);
    }

    /** Where a device sits: its bus (named by the device providing it) and its address there. */
    private String location(Map<String, String> dev, int depth) {
        String bus = dev.get("bus");
        if (bus == null) {
            return "";
        }
        String where = describeBus(bus, depth);
        String addr = dev.get("addr");
        if (addr != null) {
            Matcher m = PCI_ADDR.matcher(addr);
            if (!m.matches()) {
                return where + " addr " + addr;
            }
            int slot = Integer.parseInt(m.group(1), 16);
            int function = m.group(2) == null ? 0 : Integer.parseInt(m.group(2), 16);
            return where + " slot 0x" + Integer.toHexString(slot) + (function == 0 ? "" : " function 0x" + Integer.toHexString(function));
        }
        StringBuilder b = new StringBuilder(where);
        for (String k : BUS_ADDRESS_KEYS) {
            if (dev.get(k) != null) {
                b.append(' ').append(k).append(' ').append(OptionValue.normalize(dev.get(k)));
            }
        }
        return b.toString();
    }

    private String describeBus(String bus, int depth) {
        if (depth > 8 || bus.equals("pci.0") || bus.equals("pcie.0")) {
            return bus;
        }
        Map<String, String> parent = devicesById.get(bus);
        if (parent != null) {
            return parent.get("driver") + " (" + location(parent, depth + 1) + ")";
        }
        Matcher m = SUB_BUS.matcher(bus);
        if (m.matches() && devicesById.containsKey(m.group(1))) {
            Map<String, String> p = devicesById.get(m.group(1));
            return p.get("driver") + " (" + location(p, depth + 1) + ") bus " + m.group(2);
        }
        return bus;
    }

    /**
     * Replaces each property naming a backend by that backend's properties under the same key.
     * The depth bound only stops a cycle: libvirt's deepest backing chains nest a dozen nodes.
     */
    private Map<String, String> expand(Map<String, String> props, int depth) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> p : props.entrySet()) {
            Backend b = depth < MAX_DEPTH ? backends.get(p.getValue()) : null;
            // a type name is never a reference, even when an object's id repeats it (main-loop)
            if (b == null || p.getKey().equals("bus") || p.getKey().equals("qom-type")) {
                out.put(p.getKey(), p.getValue());
                continue;
            }
            used.add(p.getValue());
            if (b.option().equals("-chardev") || isSecret(b)) {
                // a chardev's host end, and how a secret reaches QEMU (libvirt encrypts it with its own
                // master key, jvirt passes a file), are the manager's plumbing
                out.put(p.getKey(), "present");
                continue;
            }
            summary(b, depth + 1).forEach((k, v) -> out.put(p.getKey() + "." + k, v));
        }
        return out;
    }

    private static boolean isSecret(Backend b) {
        return b.option().equals("-object") && "secret".equals(b.props().get("qom-type"));
    }

    private Map<String, String> summary(Backend b, int depth) {
        Map<String, String> props = new TreeMap<>(b.props());
        switch (b.option()) {
            case "-blockdev" -> {
                props.remove("auto-read-only");
                if (!props.containsKey("file")) {
                    props.remove("discard"); // libvirt's protocol nodes always allow it; the format node decides
                }
            }
            case "-drive" -> {
                props.remove("if");
                rename(props, "format", "driver");
                rename(props, "file", "file.filename");
                rename(props, "readonly", "read-only");
            }
            case "-netdev" -> NETDEV_HOST_KEYS.forEach(props::remove);
            default -> {
                // -object, -fsdev, -tpmdev, -audiodev: every property but the id
            }
        }
        return expand(props, depth);
    }

    private static void rename(Map<String, String> props, String from, String to) {
        String v = props.remove(from);
        if (v != null) {
            props.put(to, v);
        }
    }

    private static String global(String value) {
        Map<String, String> p = OptionValue.parse(value, null);
        if (p.containsKey("driver") && p.containsKey("property")) {
            return p.get("driver") + "." + p.get("property") + "=" + OptionValue.normalize(p.getOrDefault("value", ""));
        }
        return text(p);
    }

    /** A QEMU size ({@code 214}, {@code 219136k}, {@code 1G}) in bytes; a bare number is MiB. */
    static String bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)([bkKmMgGtT]?)").matcher(size);
        if (!m.matches()) {
            return size;
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "b" -> 0;
            case "k" -> 10;
            case "", "m" -> 20;
            case "g" -> 30;
            default -> 40;
        };
        return new BigInteger(m.group(1)).shiftLeft(shift).toString();
    }

    private void addExtra(String text) {
        extras.merge(text, 1, Integer::sum);
    }

    private static String text(Map<String, String> props) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(props).forEach((k, v) -> b.append(b.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }
}
