package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code <clock>} into a {@link ClockDef}. As in libvirt, a utc or localtime clock with a
 * numeric adjustment becomes a variable clock with that basis.
 */
final class ClockParser {

    private ClockParser() {
    }

    static ClockDef clock(XmlCursor c) {
        ClockDef.Offset offset = c.requireEnumAttr("offset", ClockDef.Offset.class);
        String adjustmentText = c.attr("adjustment");
        boolean reset = false;
        Long adjustment = null;
        ClockDef.Basis basis = null;
        String timezone = null;
        Long start = null;
        switch (offset) {
            case UTC, LOCALTIME -> {
                if ("reset".equals(adjustmentText)) {
                    reset = true;
                } else if (adjustmentText != null) {
                    adjustment = seconds(c, adjustmentText);
                    basis = offset == ClockDef.Offset.UTC ? ClockDef.Basis.UTC : ClockDef.Basis.LOCALTIME;
                    offset = ClockDef.Offset.VARIABLE;
                }
            }
            case VARIABLE -> {
                adjustment = adjustmentText == null ? 0L : seconds(c, adjustmentText);
                ClockDef.Basis b = c.enumAttr("basis", ClockDef.Basis.class);
                basis = b == null ? ClockDef.Basis.UTC : b;
            }
            case TIMEZONE -> timezone = c.requireAttr("timezone");
            case ABSOLUTE -> {
                c.requireAttr("start");
                start = c.longAttr("start", Long.MAX_VALUE);
            }
        }
        List<ClockDef.Timer> timers = new ArrayList<>();
        for (XmlCursor t : c.children("timer")) {
            timers.add(timer(t));
        }
        c.finish();
        ClockDef.Offset o = offset;
        boolean r = reset;
        Long a = adjustment;
        ClockDef.Basis b = basis;
        String tz = timezone;
        Long s = start;
        return c.build(() -> new ClockDef(o, r, a, b, tz, s, timers));
    }

    private static long seconds(XmlCursor c, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw c.invalid("adjustment", text, "expected a number of seconds, such as -3600 or 86400");
        }
    }

    private static ClockDef.Timer timer(XmlCursor t) {
        ClockDef.TimerName name = t.requireEnumAttr("name", ClockDef.TimerName.class);
        Boolean present = t.yesNoAttr("present");
        ClockDef.TickPolicy policy = t.enumAttr("tickpolicy", ClockDef.TickPolicy.class);
        ClockDef.Track track = t.enumAttr("track", ClockDef.Track.class);
        Long frequency = t.longAttr("frequency", Long.MAX_VALUE);
        ClockDef.TscMode mode = t.enumAttr("mode", ClockDef.TscMode.class);
        ClockDef.Catchup catchup = null;
        XmlCursor cu = t.child("catchup");
        if (cu != null) {
            catchup = new ClockDef.Catchup(cu.longAttr("threshold", Long.MAX_VALUE),
                    cu.longAttr("slew", Long.MAX_VALUE), cu.longAttr("limit", Long.MAX_VALUE));
            cu.finish();
            if (catchup.isEmpty()) {
                throw cu.error(Kind.MISSING_VALUE, "<catchup> needs a threshold, slew or limit.");
            }
        }
        t.finish();
        ClockDef.Catchup cf = catchup;
        return t.build(() -> new ClockDef.Timer(name, present, policy, track, frequency == null || frequency == 0
                ? null : frequency, mode, cf));
    }
}
