package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code <clock>} element: what the guest's real-time clock starts at, and its timers.
 * libvirt's checks apply ({@code virDomainDefValidate} and QEMU's): each timer once, tick
 * policies and catch-up settings only where they mean something, no timers QEMU cannot
 * provide on x86.
 *
 * @param offset what the RTC is set to at start
 * @param adjustmentReset whether a utc or localtime clock says {@code adjustment='reset'}
 * @param adjustment seconds added to the basis for {@code offset='variable'}, else null
 * @param basis what a variable clock's adjustment is relative to, else null
 * @param timezone the time zone of {@code offset='timezone'}, else null
 * @param start the Unix time an {@code offset='absolute'} clock starts at, else null
 * @param timers timer settings, at most one per timer name
 */
public record ClockDef(Offset offset, boolean adjustmentReset, Long adjustment, Basis basis, String timezone,
                       Long start, List<Timer> timers) {

    /** The latest start time QEMU can be given: 9999-12-31T23:59:59. */
    public static final long MAX_START = 253402300799L;

    /** The clock libvirt writes for a domain without one. */
    public static final ClockDef DEFAULT = new ClockDef(Offset.UTC, false, null, null, null, null, List.of());

    private static final Pattern TIMEZONE = Pattern.compile("[a-zA-Z0-9_.+\\-/]+");

    /** Validates the values of the offset and the timers. */
    public ClockDef {
        Checks.required(offset, "The clock offset");
        timers = Checks.list(timers);
        if (adjustmentReset && offset != Offset.UTC && offset != Offset.LOCALTIME) {
            throw new ConfException(Kind.CONFLICT, "adjustment='reset' belongs to offset='utc' or 'localtime'.");
        }
        if ((adjustment != null || basis != null) != (offset == Offset.VARIABLE)) {
            throw new ConfException(Kind.CONFLICT, "An adjustment and basis belong to offset='variable'.");
        }
        if ((timezone != null) != (offset == Offset.TIMEZONE)) {
            throw new ConfException(Kind.MISSING_VALUE, "offset='timezone' needs the attribute 'timezone', "
                    + "and only it has one.");
        }
        Checks.matches(timezone, TIMEZONE, "The time zone");
        if ((start != null) != (offset == Offset.ABSOLUTE)) {
            throw new ConfException(Kind.MISSING_VALUE, "offset='absolute' needs the attribute 'start', "
                    + "and only it has one.");
        }
        if (start != null && (start < 0 || start > MAX_START)) {
            throw new ConfException(Kind.INVALID_VALUE, "The clock start " + start + " is out of range; QEMU takes "
                    + "at most " + MAX_START + " (9999-12-31T23:59:59).");
        }
        Set<TimerName> seen = new HashSet<>();
        for (Timer t : timers) {
            if (!seen.add(t.name())) {
                throw new ConfException(Kind.DUPLICATE, "The timer '" + t.name().xml() + "' is listed twice.");
            }
        }
    }

    /**
     * A clock with the given offset and timers and nothing else.
     *
     * @param offset utc or localtime
     * @param timers the timers
     * @return the clock
     */
    public static ClockDef of(Offset offset, List<Timer> timers) {
        return new ClockDef(offset, false, null, null, null, null, timers);
    }

    /**
     * Returns the timer with the given name.
     *
     * @param name the timer name
     * @return the timer, or null when it is not listed
     */
    public Timer timer(TimerName name) {
        return timers.stream().filter(t -> t.name() == name).findFirst().orElse(null);
    }

    /** The {@code offset} attribute. */
    public enum Offset implements XmlEnum {
        /** The RTC holds UTC. */
        UTC("utc"),
        /** The RTC holds the host's local time. */
        LOCALTIME("localtime"),
        /** The RTC holds the local time of a named time zone. */
        TIMEZONE("timezone"),
        /** The RTC holds UTC or local time plus an adjustment the guest may change. */
        VARIABLE("variable"),
        /** The RTC starts at a fixed time. */
        ABSOLUTE("absolute");

        private final String xml;

        Offset(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code basis} attribute of a variable clock. */
    public enum Basis implements XmlEnum {
        /** The adjustment is relative to UTC. */
        UTC("utc"),
        /** The adjustment is relative to the host's local time. */
        LOCALTIME("localtime");

        private final String xml;

        Basis(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code name} attribute of {@code <timer>}, in libvirt's order. */
    public enum TimerName implements XmlEnum {
        /** The master virtual time source (no QEMU equivalent). */
        PLATFORM("platform"),
        /** The programmable interval timer. */
        PIT("pit"),
        /** The real-time clock. */
        RTC("rtc"),
        /** The high precision event timer. */
        HPET("hpet"),
        /** The time stamp counter. */
        TSC("tsc"),
        /** The KVM paravirtual clock. */
        KVMCLOCK("kvmclock"),
        /** The Hyper-V reference time counter. */
        HYPERVCLOCK("hypervclock"),
        /** The ARM virtual timer. */
        ARMVTIMER("armvtimer");

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

    /** The {@code track} attribute of the rtc timer: which clock it follows. */
    public enum Track implements XmlEnum {
        /** The time since the guest booted (not supported by QEMU). */
        BOOT("boot"),
        /** The guest's virtual clock, stopped while the guest is paused ({@code clock=vm}). */
        GUEST("guest"),
        /** The host's wall clock ({@code clock=host}). */
        WALL("wall"),
        /** The host's monotonic clock ({@code clock=rt}). */
        REALTIME("realtime");

        private final String xml;

        Track(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code mode} attribute of the tsc timer. */
    public enum TscMode implements XmlEnum {
        /** Native if safe, else emulated. */
        AUTO("auto"),
        /** Always native. */
        NATIVE("native"),
        /** Always emulated. */
        EMULATE("emulate"),
        /** Native plus a paravirtual clock. */
        PARAVIRT("paravirt"),
        /** Native and synchronized across vCPUs. */
        SMPSAFE("smpsafe");

        private final String xml;

        TscMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * The {@code <catchup>} element of a timer with {@code tickpolicy='catchup'}.
     *
     * @param threshold the threshold, or null
     * @param slew the slew, or null
     * @param limit the limit, or null
     */
    public record Catchup(Long threshold, Long slew, Long limit) {
        /** Requires at least one value: an empty element is not written back. */
        public boolean isEmpty() {
            return threshold == null && slew == null && limit == null;
        }
    }

    /**
     * A {@code <timer>} element.
     *
     * @param name which timer
     * @param present whether the guest sees the timer, or null for the default
     * @param tickPolicy what happens to missed ticks, or null
     * @param track which clock the rtc follows, or null
     * @param frequencyHz the tsc frequency in Hz, or null
     * @param mode the tsc mode, or null
     * @param catchup the catch-up settings, or null
     */
    public record Timer(TimerName name, Boolean present, TickPolicy tickPolicy, Track track, Long frequencyHz,
                        TscMode mode, Catchup catchup) {

        /** Validates the settings against the timer they are given for, as libvirt does. */
        public Timer {
            Checks.required(name, "The timer name");
            if (catchup != null && catchup.isEmpty()) {
                catchup = null;
            }
            if ((name == TimerName.KVMCLOCK || name == TimerName.HYPERVCLOCK) && tickPolicy != null) {
                throw new ConfException(Kind.CONFLICT,
                        "The " + name.xml() + " timer has no tick policy; remove tickpolicy.");
            }
            if (catchup != null && tickPolicy != TickPolicy.CATCHUP) {
                throw new ConfException(Kind.CONFLICT, "<catchup> belongs to a timer with tickpolicy='catchup'.");
            }
            if (name != TimerName.TSC && (frequencyHz != null || mode != null)) {
                throw new ConfException(Kind.CONFLICT, "The " + name.xml() + " timer has no "
                        + (frequencyHz != null ? "frequency" : "mode") + "; only the tsc timer does.");
            }
            if (track != null && name != TimerName.RTC && name != TimerName.PLATFORM) {
                throw new ConfException(Kind.CONFLICT,
                        "The " + name.xml() + " timer has no track; only the rtc timer does.");
            }
            qemuLimits(name, tickPolicy, track);
        }

        /** What QEMU on x86 cannot do, refused as libvirt's QEMU driver refuses it. */
        private static void qemuLimits(TimerName name, TickPolicy tickPolicy, Track track) {
            switch (name) {
                case PLATFORM -> throw new ConfException(Kind.UNSUPPORTED, "QEMU has no 'platform' timer; "
                        + "remove it (the rtc, pit, hpet and tsc timers are configurable).");
                case ARMVTIMER -> throw new ConfException(Kind.UNSUPPORTED,
                        "The armvtimer timer exists on ARM machines only; x86 guests do not have it.");
                case RTC -> {
                    if (track == Track.BOOT) {
                        throw new ConfException(Kind.UNSUPPORTED, "QEMU cannot make the rtc track the boot time; "
                                + "use track='guest', 'wall' or 'realtime'.");
                    }
                    if (tickPolicy == TickPolicy.MERGE || tickPolicy == TickPolicy.DISCARD) {
                        throw new ConfException(Kind.UNSUPPORTED, "QEMU's rtc has no tick policy '" + tickPolicy.xml()
                                + "'; use 'delay' or 'catchup'.");
                    }
                }
                case PIT -> {
                    if (tickPolicy == TickPolicy.MERGE) {
                        throw new ConfException(Kind.UNSUPPORTED,
                                "QEMU's pit has no tick policy 'merge'; use 'delay', 'catchup' or 'discard'.");
                    }
                }
                case HPET, TSC, KVMCLOCK, HYPERVCLOCK -> {
                    // every setting the schema allows works
                }
            }
        }

        /**
         * A timer with a name, a tick policy and a presence only.
         *
         * @param name which timer
         * @param tickPolicy the tick policy, or null
         * @param present whether the guest sees it, or null
         * @return the timer
         */
        public static Timer of(TimerName name, TickPolicy tickPolicy, Boolean present) {
            return new Timer(name, present, tickPolicy, null, null, null, null);
        }
    }
}
