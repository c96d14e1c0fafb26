package io.jvirt.api;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.List;

/**
 * Streaming JSON for the most frequent API documents ({@link DomainInfo}, lists of them,
 * {@link ApiError}), written by the daemon and read by clients, and readers for the
 * documents a CLI verb reads ({@link HostInfo}). Jackson's data binding
 * introspects records reflectively on first use, which costs a short-lived CLI process
 * more than its request, and costs the daemon CPU on every answer; these produce the same
 * JSON with jackson-core alone. Unknown fields are rejected, as {@link Json#mapper()} does.
 */
public final class ApiJson {
    private ApiJson() {
    }

    public static DomainInfo domain(byte[] json) throws IOException {
        return JsonCodec.decode(json, ApiJson::domain);
    }

    public static List<DomainInfo> domains(byte[] json) throws IOException {
        return JsonCodec.decodeAll(json, ApiJson::domain);
    }

    public static ApiError error(byte[] json) throws IOException {
        return JsonCodec.decode(json, p -> {
            String code = null;
            String message = null;
            while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "code" -> code = p.getValueAsString();
                    case "message" -> message = p.getValueAsString();
                    default -> throw new IOException("unknown field '" + f + "' in an error answer");
                }
            }
            return new ApiError(code, message);
        });
    }

    /** Reads the daemon's host facts. */
    public static HostInfo host(byte[] json) throws IOException {
        return JsonCodec.decode(json, p -> {
            JsonCodec.expect(p.currentToken(), JsonReader.Token.START_OBJECT, p);
            String version = null;
            String hostname = null;
            String accel = null;
            String accelNote = null;
            String qemuVersion = null;
            long memoryKiB = 0;
            int cpus = 0;
            String stateDir = null;
            int domains = 0;
            int running = 0;
            while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "version" -> version = p.getValueAsString();
                    case "hostname" -> hostname = p.getValueAsString();
                    case "accel" -> accel = p.getValueAsString();
                    case "accelNote" -> accelNote = p.getValueAsString();
                    case "qemuVersion" -> qemuVersion = p.getValueAsString();
                    case "memoryKiB" -> memoryKiB = p.getLongValue();
                    case "cpus" -> cpus = p.getIntValue();
                    case "stateDir" -> stateDir = p.getValueAsString();
                    case "domains" -> domains = p.getIntValue();
                    case "running" -> running = p.getIntValue();
                    default -> throw new IOException("unknown field '" + f + "' in a host answer");
                }
            }
            return new HostInfo(version, hostname, accel, accelNote, qemuVersion, memoryKiB, cpus, stateDir, domains,
                    running);
        });
    }

    /** Writes one domain as JSON. */
    public static byte[] write(DomainInfo d) throws IOException {
        return JsonCodec.encode(d, ApiJson::write);
    }

    /** Writes an error answer. */
    public static byte[] write(ApiError e) throws IOException {
        return JsonCodec.encode(e, (g, v) -> {
            g.writeStartObject();
            g.writeStringField("code", v.code());
            g.writeStringField("message", v.message());
            g.writeEndObject();
        });
    }

    /** Writes a list of domains as a JSON array. */
    public static byte[] write(List<DomainInfo> list) throws IOException {
        return JsonCodec.encodeAll(list, ApiJson::write);
    }

    private static void write(JsonGenerator g, DomainInfo d) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", d.name());
        g.writeStringField("uuid", d.uuid());
        g.writeNumberField("id", d.id());
        g.writeStringField("title", d.title());
        g.writeStringField("state", d.state().name());
        g.writeStringField("reason", d.reason());
        g.writeStringField("osType", d.osType());
        g.writeNumberField("vcpus", d.vcpus());
        g.writeNumberField("maxMemoryKiB", d.maxMemoryKiB());
        g.writeNumberField("memoryKiB", d.memoryKiB());
        g.writeBooleanField("persistent", d.persistent());
        g.writeBooleanField("autostart", d.autostart());
        g.writeStringField("accel", d.accel());
        g.writeStringField("accelNote", d.accelNote());
        g.writeNumberField("pid", d.pid());
        JsonCodec.writeStrings(g, "tuning", d.tuning());
        JsonCodec.writeStrings(g, "messages", d.messages());
        g.writeEndObject();
    }

    /** Reads one domain object; the parser stands on its START_OBJECT. */
    private static DomainInfo domain(JsonReader p) throws IOException {
        JsonCodec.expect(p.currentToken(), JsonReader.Token.START_OBJECT, p);
        String name = null;
        String uuid = null;
        int id = -1;
        String title = null;
        DomainState state = DomainState.NOSTATE;
        String reason = null;
        String osType = null;
        int vcpus = 0;
        long maxMem = 0;
        long mem = 0;
        boolean persistent = false;
        boolean autostart = false;
        String accel = null;
        String accelNote = null;
        long pid = 0;
        List<String> tuning = List.of();
        List<String> messages = List.of();
        while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "name" -> name = p.getValueAsString();
                case "uuid" -> uuid = p.getValueAsString();
                case "id" -> id = p.getIntValue();
                case "title" -> title = p.getValueAsString();
                case "state" -> state = DomainState.valueOf(p.getValueAsString());
                case "reason" -> reason = p.getValueAsString();
                case "osType" -> osType = p.getValueAsString();
                case "vcpus" -> vcpus = p.getIntValue();
                case "maxMemoryKiB" -> maxMem = p.getLongValue();
                case "memoryKiB" -> mem = p.getLongValue();
                case "persistent" -> persistent = p.getBooleanValue();
                case "autostart" -> autostart = p.getBooleanValue();
                case "accel" -> accel = p.getValueAsString();
                case "accelNote" -> accelNote = p.getValueAsString();
                case "pid" -> pid = p.getLongValue();
                case "tuning" -> tuning = JsonCodec.readStrings(p);
                case "messages" -> messages = JsonCodec.readStrings(p);
                default -> throw new IOException("unknown field '" + f + "' in a domain answer");
            }
        }
        return new DomainInfo(name, uuid, id, title, state, reason, osType, vcpus, maxMem, mem, persistent, autostart,
                accel, accelNote, pid, tuning, messages);
    }
}
