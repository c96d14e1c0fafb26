package io.jvirt.cli.domain;

import picocli.CommandLine.Command;

/** {@code jvirt reboot DOMAIN}. */
@Command(name = "reboot", description = "Reboot a domain through an ACPI power-button press and a fresh start.")
public final class RebootCommand extends ActionCommand {
    @Override
    String action() {
        return "reboot";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' is being rebooted";
    }
}
