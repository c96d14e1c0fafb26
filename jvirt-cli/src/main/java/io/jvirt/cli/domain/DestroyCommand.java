package io.jvirt.cli.domain;

import picocli.CommandLine.Command;

/** {@code jvirt destroy DOMAIN}. */
@Command(name = "destroy", description = "Stop a domain at once, like pulling the plug.")
public final class DestroyCommand extends ActionCommand {
    @Override
    String action() {
        return "destroy";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' destroyed";
    }
}
