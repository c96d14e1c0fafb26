package io.jvirt.cli.agent;

import io.jvirt.cli.support.Verb;

import java.util.List;

/** The verbs of this package, by name, for {@code Main}'s registry. */
public final class AgentVerbs {
    /** The names, in help order. */
    public static final List<String> NAMES = List.of("qemu-agent-command", "guestinfo", "domfsinfo", "domfsfreeze",
            "domfsthaw", "set-user-password", "domtime", "guest-agent-timeout");

    private AgentVerbs() {
    }

    /** A new verb object; {@code name} is one of {@link #NAMES}. */
    public static Verb create(String name) {
        return switch (name) {
            case "qemu-agent-command" -> new QemuAgentCommandCommand();
            case "guestinfo" -> new GuestinfoCommand();
            case "domfsinfo" -> new DomfsinfoCommand();
            case "domfsfreeze" -> new DomfsfreezeCommand();
            case "domfsthaw" -> new DomfsthawCommand();
            case "set-user-password" -> new SetUserPasswordCommand();
            case "domtime" -> new DomtimeCommand();
            case "guest-agent-timeout" -> new GuestAgentTimeoutCommand();
            default -> throw new IllegalArgumentException("unknown verb " + name);
        };
    }
}
