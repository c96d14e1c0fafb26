package io.jvirt.cli.domain;

import picocli.CommandLine.Command;

/** {@code jvirt resume DOMAIN}. */
@Command(name = "resume", description = "Resume a paused domain.")
public final class ResumeCommand extends ActionCommand {
    @Override
    String action() {
        return "resume";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' resumed";
    }
}
