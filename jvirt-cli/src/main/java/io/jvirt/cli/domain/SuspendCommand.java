package io.jvirt.cli.domain;

/** {@code jvirt suspend DOMAIN}. */
public final class SuspendCommand extends ActionCommand {
    public SuspendCommand() {
        super("suspend", "Pause a running domain.");
    }

    @Override
    String action() {
        return "suspend";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' suspended";
    }
}
