package io.jvirt.cli.domain;

import picocli.CommandLine.ParameterException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code jvirt shutdown DOMAIN [--mode acpi|agent] [--timeout S]}: the ACPI power button, or
 * the QEMU guest agent's power-off; with a timeout, waits until the guest is off.
 */
public final class ShutdownCommand extends ActionCommand {
    private final Value<Integer> timeout = option("--timeout", "SECONDS", Integer.class,
            "Wait up to this long for the guest to power off; fail if it has not.");
    private final Value<String> mode = option("--mode", "MODE",
            "acpi (the ACPI power button, the default) or agent (the QEMU guest agent); "
                    + "a comma-separated list tries them in turn.");

    public ShutdownCommand() {
        super("shutdown", "Ask a domain to power off (ACPI power button).");
    }

    @Override
    String action() {
        return "shutdown";
    }

    @Override
    Map<String, String> params() {
        Integer timeout = this.timeout.get();
        if (timeout != null && timeout < 0) {
            throw new ParameterException(spec().commandLine(), "--timeout must not be negative.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (timeout != null) {
            out.put("timeout", timeout.toString());
        }
        if (mode.get() != null) {
            out.put("mode", mode.get());
        }
        return out;
    }

    @Override
    String done(String name) {
        return timeout.get() == null ? "Domain '" + name + "' is being shutdown" : "Domain '" + name + "' is shut off";
    }
}
