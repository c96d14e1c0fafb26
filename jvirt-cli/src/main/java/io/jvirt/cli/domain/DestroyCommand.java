package io.jvirt.cli.domain;

/** {@code jvirt destroy DOMAIN}. */
public final class DestroyCommand extends ActionCommand {
    public DestroyCommand() {
        super("destroy", "Stop a domain at once, like pulling the plug.");
    }

    @Override
    String action() {
        return "destroy";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' destroyed";
    }
}
