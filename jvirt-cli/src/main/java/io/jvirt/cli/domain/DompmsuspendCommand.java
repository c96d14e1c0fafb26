package io.jvirt.cli.domain;

import java.util.Map;

/**
 * {@code jvirt dompmsuspend DOMAIN mem|disk|hybrid [--duration 0]}: the guest suspends itself
 * through its agent; {@code dompmwakeup} wakes a guest suspended to RAM.
 */
public final class DompmsuspendCommand extends ActionCommand {
    private final Value<String> target = parameter("TARGET", "mem (suspend to RAM), disk or hybrid.");
    private final Value<Long> duration = option("--duration", "SECONDS", Long.class,
            "How long to sleep; only 0, until woken up, is supported (as with libvirt and QEMU).");

    public DompmsuspendCommand() {
        super("dompmsuspend", "Have a domain's guest suspend itself, through its guest agent.");
    }

    @Override
    String action() {
        return "pm-suspend";
    }

    @Override
    Map<String, String> params() {
        Long d = duration.get();
        return Map.of("target", target.get(), "duration", Long.toString(d == null ? 0 : d));
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' successfully suspended";
    }
}
