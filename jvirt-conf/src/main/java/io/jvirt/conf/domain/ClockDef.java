package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code <clock>} element.
 *
 * @param offset what the guest's real-time clock is set to at start
 * @param timers timer settings, at most one per timer name
 */
public record ClockDef(Offset offset, List<Timer> timers) {

    /** Validates the timers. */
    public ClockDef {
        Checks.required(offset, "The clock offset");
        timers = Checks.list(timers);
        Set<TimerName> seen = new HashSet<>();
        for (Timer t : timers) {
            if (!seen.add(t.name())) {
                throw new ConfException(Kind.DUPLICATE, "The timer '" + t.name().xml() + "' is listed twice.");
            }
        }
    }

    /** The {@code offset} attribute. */
    public enum Offset implements XmlEnum {
        /** The RTC holds UTC. */
        UTC("utc"),
        /** The RTC holds the host's local time. */
        LOCALTIME("localtime");

        private final String xml;

        Offset(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code name} attribute of {@code <timer>}. */
    public enum TimerName implements XmlEnum {
        /** The real-time clock. */
        RTC("rtc"),
        /** The programmable interval timer. */
        PIT("pit"),
        /** The high precision event timer. */
        HPET("hpet"),
        /** The KVM paravirtual clock. */
        KVMCLOCK("kvmclock");

        private final String xml;

        TimerName(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code tickpolicy} attribute of {@code <timer>}. */
    public enum TickPolicy implements XmlEnum {
        /** Deliver missed ticks late, at the normal rate. */
        DELAY("delay"),
        /** Deliver missed ticks faster until caught up. */
        CATCHUP("catchup"),
        /** Merge missed ticks into one. */
        MERGE("merge"),
        /** Drop missed ticks. */
        DISCARD("discard");

        private final String xml;

        TickPolicy(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * A {@code <timer>} element.
     *
     * @param name which timer
     * @param tickPolicy what happens to missed ticks, or null
     * @param present whether the guest sees the timer, or null for the default
     */
    public record Timer(TimerName name, TickPolicy tickPolicy, Boolean present) {
        /** Validates the name. */
        public Timer {
            Checks.required(name, "The timer name");
        }
    }
}
