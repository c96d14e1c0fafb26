package io.jvirt.cli.domain;

import picocli.CommandLine.Command;

/** {@code jvirt suspend DOMAIN}. */
@Command(name = "suspend", description = "Pause a running domain.")
public final class SuspendCommand extends ActionCommand {
    @Override
    String action() {
        return "suspend";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' suspended";
    }
}
