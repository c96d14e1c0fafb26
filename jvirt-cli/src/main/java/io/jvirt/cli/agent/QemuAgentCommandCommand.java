package io.jvirt.cli.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvirt.api.Json;
import io.jvirt.cli.inspect.VirshJsonPrinter;
import io.jvirt.client.AgentClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jvirt qemu-agent-command DOMAIN [--timeout N | --async | --block] [--pretty] CMD...}:
 * sends the guest agent a command as written (the words joined by spaces, as virsh joins
 * them) and prints its whole answer. Without an option the daemon waits 5 s for it (libvirt's
 * default); {@code --async} does not wait and prints nothing.
 */
public final class QemuAgentCommandCommand extends AgentVerb {
    private final Value<Integer> timeout = option("--timeout", "SECONDS", Integer.class,
            "Wait this many seconds for the answer (at least 1).");
    private final Flag async = flag("--async", "Do not wait for the answer.");
    private final Flag block = flag("--block", "Wait for the answer as long as it takes.");
    private final Flag pretty = flag("--pretty", "Indent the agent's JSON answer.");
    private final Value<List<String>> command = parameters("CMD", String.class, "1..*", "The agent command (JSON).");

    public QemuAgentCommandCommand() {
        super("qemu-agent-command", "Send a command to the QEMU guest agent.");
    }

    @Override
    protected int run(AgentClient client) throws Exception {
        int wait = -1;
        int chosen = 0;
        if (timeout.get() != null) {
            if (timeout.get() < 1) {
                throw bad("timeout must be positive");
            }
            wait = timeout.get();
            chosen++;
        }
        if (async.get()) {
            wait = 0;
            chosen++;
        }
        if (block.get()) {
            wait = -2;
            chosen++;
        }
        if (chosen > 1) {
            throw bad("timeout, async and block options are exclusive");
        }
        String reply = client.command(domain.get(), String.join(" ", command.get()), wait);
        if (json()) {
            Map<String, Object> out = new HashMap<>();
            out.put("reply", reply);
            printJson(out);
            return 0;
        }
        if (reply == null) {
            text("");
            return 0;
        }
        if (pretty.get()) {
            // libvirt's pretty JSON ends with a newline of its own, before virsh's
            ObjectMapper m = Json.mapper();
            JsonNode answer = m.readTree(reply);
            reply = m.writer(new VirshJsonPrinter()).writeValueAsString(answer) + "\n";
        }
        text(reply + "\n");
        return 0;
    }
}
