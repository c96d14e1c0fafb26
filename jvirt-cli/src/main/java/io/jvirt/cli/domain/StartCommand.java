package io.jvirt.cli.domain;

import java.util.Map;

/** {@code jvirt start DOMAIN}. */
public final class StartCommand extends ActionCommand {
    private final Flag paused = flag("--paused", "Leave the guest paused after start.");
    private final Flag forceBoot = flag("--force-boot", "Boot afresh, discarding a managed save image.");

    public StartCommand() {
        super("start", "Start a defined (inactive) domain.");
    }

    @Override
    Map<String, String> params() {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        if (paused.get()) {
            p.put("paused", "true");
        }
        if (forceBoot.get()) {
            p.put("force-boot", "true");
        }
        return p;
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
