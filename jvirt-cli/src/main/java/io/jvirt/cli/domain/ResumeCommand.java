package io.jvirt.cli.domain;

/** {@code jvirt resume DOMAIN}. */
public final class ResumeCommand extends ActionCommand {
    public ResumeCommand() {
        super("resume", "Resume a paused domain.");
    }

    @Override
    String action() {
        return "resume";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' resumed";
    }
}
