package io.jvirt.cli.domain;

import java.util.Map;

/** {@code jvirt destroy DOMAIN [--graceful]}. */
public final class DestroyCommand extends ActionCommand {
    private final Flag graceful = flag("--graceful",
            "Only ask QEMU to end (SIGTERM), never kill it; fails if it has not ended within 10 s.");

    public DestroyCommand() {
        super("destroy", "Stop a domain at once, like pulling the plug.");
    }

    @Override
    Map<String, String> params() {
        return graceful.get() ? Map.of("graceful", "true") : Map.of();
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
