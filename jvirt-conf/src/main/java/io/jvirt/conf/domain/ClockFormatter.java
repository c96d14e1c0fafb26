package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlOut;

/** Writes {@code <clock>} in libvirt's attribute order ({@code virDomainClockDefFormat}). */
final class ClockFormatter {

    private ClockFormatter() {
    }

    static XmlOut clock(ClockDef clock) {
        XmlOut c = XmlOut.element("clock").attr("offset", clock.offset());
        switch (clock.offset()) {
            case UTC, LOCALTIME -> c.attr("adjustment", clock.adjustmentReset() ? "reset" : null);
            case VARIABLE -> c.attr("adjustment", clock.adjustment()).attr("basis", clock.basis());
            case TIMEZONE -> c.attr("timezone", clock.timezone());
            case ABSOLUTE -> c.attr("start", clock.start());
        }
        for (ClockDef.Timer t : clock.timers()) {
            XmlOut x = XmlOut.element("timer").attr("name", t.name()).yesNo("present", t.present())
                    .attr("tickpolicy", t.tickPolicy()).attr("track", t.track()).attr("frequency", t.frequencyHz())
                    .attr("mode", t.mode());
            if (t.catchup() != null) {
                x.child(XmlOut.element("catchup").attr("threshold", t.catchup().threshold())
                        .attr("slew", t.catchup().slew()).attr("limit", t.catchup().limit()));
            }
            c.child(x);
        }
        return c;
    }
}
