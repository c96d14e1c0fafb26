package io.jvirt.cli.domain;

import picocli.CommandLine.ParameterException;

import java.util.Map;

/** {@code jvirt shutdown DOMAIN [--timeout S]}: ACPI power button; with a timeout, waits until the guest is off. */
public final class ShutdownCommand extends ActionCommand {
    private final Value<Integer> timeout = option("--timeout", "SECONDS", Integer.class,
            "Wait up to this long for the guest to power off; fail if it has not.");

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
        return timeout == null ? Map.of() : Map.of("timeout", timeout.toString());
    }

    @Override
    String done(String name) {
        return timeout.get() == null ? "Domain '" + name + "' is being shutdown" : "Domain '" + name + "' is shut off";
    }
}
