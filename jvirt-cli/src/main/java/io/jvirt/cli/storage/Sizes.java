package io.jvirt.cli.storage;

import io.jvirt.api.ErrorCode;
import io.jvirt.client.JvirtClientException;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.storage.StorageUnits;
import java.util.Locale;

/** Sizes as virsh reads and prints them. */
final class Sizes {
    private Sizes() {
    }

    /**
     * Parses a size such as {@code 10G}, {@code 512MiB}, {@code 1GB} or {@code 4096}: a whole
     * number with an optional unit; k, M, G... and KiB, MiB... are powers of 1024, KB, MB... of 1000.
     */
    static long parse(String text, String what) {
        String t = text == null ? "" : text.strip();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        String unit = t.substring(i);
        try {
            return StorageUnits.toBytes(t.substring(0, i), unit.isEmpty() ? null : unit, what);
        } catch (ConfException e) {
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, e.detail());
        }
    }

    /** virsh's pretty capacity: two decimals and a binary unit, for example {@code 10.00 GiB} or {@code 512.00 B}. */
    static String pretty(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }

    /** One virsh key/value line: the key with its colon padded to 15 characters, a space, the value. */
    static void kv(StringBuilder sb, String key, String value) {
        sb.append(String.format(Locale.ROOT, "%-15s %s%n", key + ":", value));
    }
}
