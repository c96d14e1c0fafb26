package io.jvirt.cli.domain;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code jvirt shutdown DOMAIN [--timeout S]}: ACPI power button; with a timeout, waits until the guest is off. */
@Command(name = "shutdown", description = "Ask a domain to power off (ACPI power button).")
public final class ShutdownCommand extends ActionCommand {
    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Wait up to this long for the guest to power off; fail if it has not.")
    Integer timeout;

    @Override
    String action() {
        return "shutdown";
    }

    @Override
    Map<String, String> params() {
        if (timeout != null && timeout < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--timeout must not be negative.");
        }
        return timeout == null ? Map.of() : Map.of("timeout", timeout.toString());
    }

    @Override
    String done(String name) {
        return timeout == null ? "Domain '" + name + "' is being shutdown" : "Domain '" + name + "' is shut off";
    }
}
