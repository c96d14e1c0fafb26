package io.jvirt.cli.domain;

import picocli.CommandLine.Command;

/** {@code jvirt start DOMAIN}. */
@Command(name = "start", description = "Start a defined (inactive) domain.")
public final class StartCommand extends ActionCommand {
    @picocli.CommandLine.Option(names = "--paused", description = "Leave the guest paused after start.")
    boolean paused;

    @Override
    java.util.Map<String, String> params() {
        return paused ? java.util.Map.of("paused", "true") : java.util.Map.of();
    }

    @Override
    String action() {
        return "start";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' started";
    }
}
