package io.jvirt.cli.domain;

/** {@code jvirt reset DOMAIN}. */
public final class ResetCommand extends ActionCommand {
    public ResetCommand() {
        super("reset", "Reset a domain, like pressing its reset button.");
    }

    @Override
    String action() {
        return "reset";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' was reset";
    }
}
