package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Pure conversions between QMP wire messages and this package's types. */
final class QmpMessages {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private QmpMessages() {
    }

    /** The kinds of message QEMU sends. */
    enum Type { GREETING, EVENT, REPLY, UNKNOWN }

    static Type typeOf(JsonNode message) {
        if (!message.isObject()) {
            return Type.UNKNOWN;
        }
        if (message.has("QMP")) {
            return Type.GREETING;
        }
        if (message.has("event")) {
            return Type.EVENT;
        }
        if (message.has("return") || message.has("error")) {
            return Type.REPLY;
        }
        return Type.UNKNOWN;
    }

    static QmpGreeting greeting(JsonNode message) {
        JsonNode qmp = message.path("QMP");
        JsonNode version = qmp.path("version");
        JsonNode qemu = version.path("qemu");
        List<String> capabilities = new ArrayList<>();
        qmp.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        return new QmpGreeting(qemu.path("major").asInt(), qemu.path("minor").asInt(), qemu.path("micro").asInt(),
                version.path("package").asText("").strip(), capabilities);
    }

    static QmpEvent event(JsonNode message) {
        JsonNode data = message.get("data");
        JsonNode ts = message.path("timestamp");
        Instant timestamp = ts.has("seconds")
                ? Instant.ofEpochSecond(ts.path("seconds").asLong(), ts.path("microseconds").asLong() * 1000L)
                : Instant.now();
        return new QmpEvent(message.path("event").asText(), data == null ? MAPPER.createObjectNode() : data,
                timestamp);
    }

    static byte[] command(String command, ObjectNode arguments, long id) {
        ObjectNode request = MAPPER.createObjectNode();
        request.put("execute", command);
        if (arguments != null) {
            request.set("arguments", arguments);
        }
        request.put("id", id);
        try {
            byte[] json = MAPPER.writeValueAsBytes(request);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            return line;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("The arguments of QMP command '" + command
                    + "' cannot be written as JSON.", e);
        }
    }

    /** Returns QEMU's error description as a sentence ending in a full stop. */
    static String sentence(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return "no description.";
        }
        char last = t.charAt(t.length() - 1);
        return last == '.' || last == '!' || last == '?' ? t : t + ".";
    }
}
