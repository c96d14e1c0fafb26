package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.ClockDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders {@code <clock>}: {@code -rtc} (base, clock source from the rtc timer's track, drift fix
 * from its tick policy), the pit's lost tick policy as {@code -global kvm-pit.lost_tick_policy}
 * (as libvirt does, whatever the accelerator: under TCG the global names a device that is not
 * created, which QEMU accepts silently) and
 * the hpet as a machine property. A time zone clock starts at the zone's current local time
 * (libvirt sets TZ for QEMU and asks for {@code base=localtime}: the same start, without an
 * environment variable), a variable clock at now plus its adjustment.
 */
final class ClockArgs {

    private static final DateTimeFormatter BASE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private ClockArgs() {
    }

    static void add(List<String> argv, DomainDef def, LaunchContext ctx) {
        ClockDef clock = def.clock();
        Opts rtc = Opts.empty().add("base", base(clock, ctx));
        ClockDef.Timer rtcTimer = clock.timer(ClockDef.TimerName.RTC);
        if (rtcTimer != null) {
            if (rtcTimer.track() != null) {
                rtc.add("clock", switch (rtcTimer.track()) {
                    case GUEST -> "vm";
                    case WALL -> "host";
                    case REALTIME -> "rt";
                    case BOOT -> throw new ArgvException(Kind.UNSUPPORTED, "QEMU cannot make the rtc track the boot "
                            + "time.");
                });
            }
            if (rtcTimer.tickPolicy() == ClockDef.TickPolicy.CATCHUP) {
                rtc.add("driftfix", "slew");
            }
        }
        argv.add("-rtc");
        argv.add(rtc.toString());
        ClockDef.Timer pit = clock.timer(ClockDef.TimerName.PIT);
        if (pit != null) {
            String policy = pit.tickPolicy() == null ? "delay" : switch (pit.tickPolicy()) {
                case DELAY -> "delay";
                case DISCARD -> "discard";
                case CATCHUP -> null;
                case MERGE -> throw new ArgvException(Kind.UNSUPPORTED, "QEMU's pit has no tick policy 'merge'.");
            };
            if (policy != null) {
                argv.add("-global");
                argv.add("kvm-pit.lost_tick_policy=" + policy);
            }
        }
    }

    /** Adds {@code hpet=on|off} to the machine options when the hpet timer says. */
    static void machineProps(Opts m, DomainDef def) {
        ClockDef.Timer hpet = def.clock().timer(ClockDef.TimerName.HPET);
        if (hpet != null) {
            m.onOff("hpet", hpet.present());
        }
    }

    private static String base(ClockDef clock, LaunchContext ctx) {
        return switch (clock.offset()) {
            case UTC -> "utc";
            case LOCALTIME -> "localtime";
            case ABSOLUTE -> format(Instant.ofEpochSecond(clock.start()), ZoneOffset.UTC);
            case TIMEZONE -> format(now(ctx, clock), zone(clock.timezone()));
            case VARIABLE -> {
                Instant then = now(ctx, clock).plusSeconds(clock.adjustment());
                yield switch (clock.basis()) {
                    case UTC -> format(then, ZoneOffset.UTC);
                    case LOCALTIME -> format(then, ctx.clock().getZone());
                };
            }
        };
    }

    private static ZoneId zone(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new ArgvException(Kind.UNSUPPORTED, "The time zone '" + name + "' is unknown; use a tz database "
                    + "name such as Europe/Paris.");
        }
    }

    private static Instant now(LaunchContext ctx, ClockDef clock) {
        if (ctx.clock() == null) {
            throw new ArgvException(Kind.UNSUPPORTED, "A clock with offset='" + clock.offset().xml()
                    + "' is computed from the start time, which this launch does not know.");
        }
        return ctx.clock().instant();
    }

    private static String format(Instant t, ZoneId zone) {
        return LocalDateTime.ofInstant(t, zone).format(BASE);
    }
}
