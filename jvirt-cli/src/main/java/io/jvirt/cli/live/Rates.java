package io.jvirt.cli.live;

import io.jvirt.api.InterfaceTune;
import io.jvirt.conf.xml.XmlOut;

/**
 * virsh's {@code --inbound}/{@code --outbound} values: {@code average[,peak[,burst[,floor]]]},
 * kilobytes per second and kibibytes; empty fields ({@code 100,,200}) are left out, and floor
 * only goes inbound.
 */
final class Rates {
    private Rates() {
    }

    /** Parses a value into a rate; 0 fields are no limit. */
    static InterfaceTune.Rate parse(String value, boolean inbound) {
        String[] p = value.split(",", -1);
        if (p.length > (inbound ? 4 : 3) || p[0].isEmpty() && p.length == 1) {
            throw new IllegalArgumentException((inbound ? "inbound" : "outbound") + " format is incorrect");
        }
        try {
            return new InterfaceTune.Rate(num(p, 0), num(p, 1), num(p, 2), num(p, 3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException((inbound ? "inbound" : "outbound") + " format is incorrect", e);
        }
    }

    private static long num(String[] p, int i) {
        if (i >= p.length || p[i].isEmpty()) {
            return 0;
        }
        long v = Long.parseLong(p[i]);
        if (v < 0) {
            throw new NumberFormatException("negative");
        }
        return v;
    }

    /** The {@code <inbound>} or {@code <outbound>} element of a value, as virsh writes it. */
    static XmlOut element(String name, String value, boolean inbound) {
        InterfaceTune.Rate r = parse(value, inbound);
        XmlOut x = XmlOut.element(name);
        if (r.average() > 0) {
            x.attr("average", r.average());
        }
        if (r.peak() > 0) {
            x.attr("peak", r.peak());
        }
        if (r.burst() > 0) {
            x.attr("burst", r.burst());
        }
        if (r.floor() > 0) {
            x.attr("floor", r.floor());
        }
        return x;
    }
}
