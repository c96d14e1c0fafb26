package io.jvirt.cli.domain;

/** {@code jvirt reboot DOMAIN}. */
public final class RebootCommand extends ActionCommand {
    public RebootCommand() {
        super("reboot", "Reboot a domain through an ACPI power-button press and a fresh start.");
    }

    @Override
    String action() {
        return "reboot";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' is being rebooted";
    }
}
