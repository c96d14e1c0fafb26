package io.jvirt.cli.domain;

/** {@code jvirt dompmwakeup DOMAIN}: wakes a guest that suspended itself to RAM. */
public final class DompmwakeupCommand extends ActionCommand {
    public DompmwakeupCommand() {
        super("dompmwakeup", "Wake up a domain that its guest suspended to RAM.");
    }

    @Override
    String action() {
        return "pm-wakeup";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' successfully woken up";
    }
}
