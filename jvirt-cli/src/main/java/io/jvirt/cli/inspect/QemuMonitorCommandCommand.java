package io.jvirt.cli.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jvirt.api.Json;
import io.jvirt.client.InspectClient;

import java.util.List;
import java.util.Map;

/**
 * {@code jvirt qemu-monitor-command DOMAIN [--hmp] [--pretty] [--return-value] CMD...}: sends
 * QEMU a monitor command as written and prints its answer; the domain is then tainted, as
 * with libvirt. A QMP command may be a whole JSON object or a command name followed by its
 * arguments (a JSON object, or {@code "key":value} pieces), as virsh wraps them.
 */
public final class QemuMonitorCommandCommand extends InspectVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag hmp = flag("--hmp", "The command is for the human monitor (info status, ...).");
    private final Flag pretty = flag("--pretty", "Indent QMP's JSON answer.");
    private final Flag returnValue = flag("--return-value", "Print only the answer's \"return\" member.");
    private final Value<List<String>> command = parameters("CMD", String.class, "1..*", "The monitor command.");

    public QemuMonitorCommandCommand() {
        super("qemu-monitor-command", "Send a command to QEMU's monitor (the domain becomes tainted).");
    }

    @Override
    protected int run(InspectClient client) throws Exception {
        if (hmp.get() && pretty.get()) {
            throw bad("Options --hmp and --pretty are mutually exclusive");
        }
        if (hmp.get() && returnValue.get()) {
            throw bad("Options --hmp and --return-value are mutually exclusive");
        }
        String cmd = hmp.get() ? String.join(" ", command.get()) : wrap(command.get());
        String reply = client.monitorCommand(domain.get(), cmd, hmp.get());
        if (json()) {
            printJson(Map.of("reply", reply));
            return 0;
        }
        if (!pretty.get() && !returnValue.get()) {
            text(reply + "\n");
            return 0;
        }
        ObjectMapper m = Json.mapper();
        JsonNode answer = m.readTree(reply);
        JsonNode shown = returnValue.get() ? answer.get("return") : answer;
        if (shown == null) {
            throw new IllegalStateException("'return' member missing");
        }
        String out = pretty.get() ? m.writer(new VirshJsonPrinter()).writeValueAsString(shown) : m.writeValueAsString(shown);
        text(out.strip());
        return 0;
    }

    /**
     * virsh's wrapping: a JSON object goes as it is; else the first word is the command and the
     * rest its arguments, a JSON object or {@code "key":value} pieces joined into one.
     */
    static String wrap(List<String> words) throws Exception {
        ObjectMapper m = Json.mapper();
        String whole = String.join(" ", words);
        if (isObject(m, whole)) {
            return whole;
        }
        ObjectNode cmd = m.createObjectNode();
        cmd.put("execute", words.getFirst());
        if (words.size() > 1) {
            String rest = String.join(" ", words.subList(1, words.size()));
            String object = isObject(m, rest) ? rest : "{" + String.join(",", words.subList(1, words.size())) + "}";
            JsonNode args;
            try {
                args = m.readTree(object);
            } catch (Exception e) {
                throw new IllegalArgumentException("failed to wrap arguments '" + rest + "' into a QMP command wrapper");
            }
            cmd.set("arguments", args);
        }
        return m.writeValueAsString(cmd);
    }

    private static boolean isObject(ObjectMapper m, String s) {
        try {
            return m.readTree(s) instanceof ObjectNode;
        } catch (Exception notJson) {
            return false;
        }
    }
}
