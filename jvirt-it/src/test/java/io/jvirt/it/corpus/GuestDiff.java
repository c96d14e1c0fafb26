package io.jvirt.it.corpus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares libvirt's {@link GuestView} of a domain with jvirt's, as readable lines such as
 * {@code libvirt puts virtio-blk-pci [/tmp/data.img] at pci.0 slot 0x4, jvirt at pci.0 slot 0x3}.
 *
 * <p>Devices pair up per driver: first those with the same identity (a disk's file, a NIC's MAC),
 * then the rest in command-line order. A paired device differs in its location or in a property
 * (one side unset counts, unless the other side's value is {@linkplain QemuDefaults QEMU's default}
 * for it); an unpaired one is on one side only. Settings differ per key; extras
 * per text and count.
 */
final class GuestDiff {

    /**
     * One difference.
     *
     * @param kind what differs, without values, so that differences group across files
     *     ({@code device location: virtio-blk-pci}, {@code setting machine.type})
     * @param line the readable sentence with both values
     */
    record Difference(String kind, String line) {
    }

    private static final String UNSET = "(unset)";

    private GuestDiff() {
    }

    /** The differences, settings first, then extras, then devices; empty when the guest views agree. */
    static List<Difference> between(GuestView libvirt, GuestView jvirt, QemuDefaults qemu) {
        List<Difference> out = new ArrayList<>();
        Set<String> keys = new TreeSet<>(libvirt.settings().keySet());
        keys.addAll(jvirt.settings().keySet());
        for (String k : keys) {
            String l = libvirt.settings().get(k);
            String j = jvirt.settings().get(k);
            if (l == null || !l.equals(j)) {
                out.add(new Difference("setting " + k, "%s: libvirt %s, jvirt %s".formatted(k, show(k, l), show(k, j))));
            }
        }
        Set<String> extras = new TreeSet<>(libvirt.extras().keySet());
        extras.addAll(jvirt.extras().keySet());
        for (String e : extras) {
            int l = libvirt.extras().getOrDefault(e, 0);
            int j = jvirt.extras().getOrDefault(e, 0);
            if (l != j) {
                String side = l > j ? "libvirt" : "jvirt";
                out.add(new Difference("option only in " + side + ": " + extraKind(e),
                        "only %s has %s%s".formatted(side, e, Math.abs(l - j) > 1 ? " (" + Math.abs(l - j) + " times)" : "")));
            }
        }
        devices(libvirt.devices(), jvirt.devices(), qemu, out);
        return out;
    }

    private static void devices(List<GuestView.Device> libvirt, List<GuestView.Device> jvirt, QemuDefaults qemu,
                                List<Difference> out) {
        Set<String> drivers = new LinkedHashSet<>();
        libvirt.forEach(d -> drivers.add(d.driver()));
        jvirt.forEach(d -> drivers.add(d.driver()));
        for (String driver : drivers) {
            List<GuestView.Device> l = new ArrayList<>(libvirt.stream().filter(d -> d.driver().equals(driver)).toList());
            List<GuestView.Device> j = new ArrayList<>(jvirt.stream().filter(d -> d.driver().equals(driver)).toList());
            for (GuestView.Device ld : List.copyOf(l)) {
                if (ld.identity().isEmpty()) {
                    continue;
                }
                for (GuestView.Device jd : j) {
                    if (jd.identity().equals(ld.identity())) {
                        compare(ld, jd, qemu, out);
                        l.remove(ld);
                        j.remove(jd);
                        break;
                    }
                }
            }
            int paired = Math.min(l.size(), j.size());
            for (int i = 0; i < paired; i++) {
                compare(l.get(i), j.get(i), qemu, out);
            }
            for (GuestView.Device d : l.subList(paired, l.size())) {
                out.add(new Difference("device only in libvirt: " + driver, "only libvirt has " + d.label() + where(d)));
            }
            for (GuestView.Device d : j.subList(paired, j.size())) {
                out.add(new Difference("device only in jvirt: " + driver, "only jvirt has " + d.label() + where(d)));
            }
        }
    }

    private static void compare(GuestView.Device l, GuestView.Device j, QemuDefaults qemu, List<Difference> out) {
        if (!l.location().equals(j.location())) {
            out.add(new Difference("device location: " + l.driver(), "libvirt puts %s at %s, jvirt at %s".formatted(
                    l.label(), orNone(l.location()), orNone(j.location()))));
        }
        Set<String> keys = new TreeSet<>(l.properties().keySet());
        keys.addAll(j.properties().keySet());
        for (String k : keys) {
            String lv = l.properties().get(k);
            String jv = j.properties().get(k);
            if (lv == null || jv == null) {
                String set = lv == null ? jv : lv;
                if (set.equals(qemu.of(l.driver(), k))) {
                    continue;
                }
            }
            if (lv == null || !lv.equals(jv)) {
                out.add(new Difference("device property: " + l.driver() + "." + k, "%s property %s: libvirt %s, jvirt %s"
                        .formatted(l.label(), k, lv == null ? UNSET : lv, jv == null ? UNSET : jv)));
            }
        }
    }

    private static String where(GuestView.Device d) {
        return d.location().isEmpty() ? "" : " at " + d.location();
    }

    private static String orNone(String location) {
        return location.isEmpty() ? "no bus" : location;
    }

    /** The option of an extra, with the driver.property of a {@code -global}. */
    private static String extraKind(String extra) {
        if (extra.startsWith("-global ")) {
            int eq = extra.indexOf('=');
            return eq > 0 ? extra.substring(0, eq) : extra;
        }
        int space = extra.indexOf(' ');
        return space > 0 ? extra.substring(0, space) : extra;
    }

    private static String show(String key, String value) {
        if (value == null) {
            return UNSET;
        }
        if ((key.equals("memory.size") || key.equals("memory.maxmem")) && value.matches("\\d+")) {
            BigDecimal mib = new BigDecimal(value).divide(BigDecimal.valueOf(1L << 20), 2, RoundingMode.HALF_UP);
            return value + " bytes (" + mib.stripTrailingZeros().toPlainString() + " MiB)";
        }
        return value;
    }

    /** The differences as one line each, for reports. */
    static List<String> lines(List<Difference> differences) {
        return differences.stream().map(Difference::line).toList();
    }
}
