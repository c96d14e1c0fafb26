package io.jvirt.cli.domain;

import java.util.Map;

/** {@code jvirt start DOMAIN}. */
public final class StartCommand extends ActionCommand {
    private final Flag paused = flag("--paused", "Leave the guest paused after start.");

    public StartCommand() {
        super("start", "Start a defined (inactive) domain.");
    }

    @Override
    Map<String, String> params() {
        return paused.get() ? Map.of("paused", "true") : Map.of();
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
