package io.jvirt.cli.domain;

import java.util.Map;

/**
 * {@code jvirt reboot DOMAIN [--mode acpi|agent]}: the guest reboots in the same QEMU process
 * (same id and pid, live configuration kept; pending definition changes wait for the next
 * full start), as virsh's reboot does. The daemon checks the mode.
 */
public final class RebootCommand extends ActionCommand {
    private final Value<String> mode = option("--mode", "MODE",
            "acpi (the ACPI power button, the default) or agent (the QEMU guest agent); "
                    + "a comma-separated list tries them in turn.");

    public RebootCommand() {
        super("reboot", "Reboot a domain's guest; QEMU keeps running.");
    }

    @Override
    String action() {
        return "reboot";
    }

    @Override
    Map<String, String> params() {
        String m = mode.get();
        return m == null ? Map.of() : Map.of("mode", m);
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' is being rebooted";
    }
}
