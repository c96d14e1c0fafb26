package io.jvirt.cli.domain;

import picocli.CommandLine.Command;

/** {@code jvirt reset DOMAIN}. */
@Command(name = "reset", description = "Reset a domain, like pressing its reset button.")
public final class ResetCommand extends ActionCommand {
    @Override
    String action() {
        return "reset";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' was reset";
    }
}
