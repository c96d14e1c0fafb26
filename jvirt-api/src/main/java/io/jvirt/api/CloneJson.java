package io.jvirt.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming JSON for {@code POST /v1/clones}: the {@link CloneOptions} a {@code jvirt clone}
 * process sends and the {@link CloneResult} it reads, without data binding's start-up in a
 * one-shot CLI process (~70 ms of a clone, measured). The JSON is what {@link Json#mapper()}
 * writes and reads for the same records; the daemon binds it.
 */
public final class CloneJson {
    private CloneJson() {
    }

    /** The request body. */
    public static byte[] write(CloneOptions o) throws IOException {
        return JsonCodec.encode(o, (g, v) -> {
            g.writeStartObject();
            g.writeStringField("original", v.original());
            g.writeStringField("originalXml", v.originalXml());
            g.writeStringField("name", v.name());
            g.writeBooleanField("autoClone", v.autoClone());
            JsonCodec.writeStrings(g, "files", v.files());
            g.writeBooleanField("nonsparse", v.nonsparse());
            g.writeBooleanField("reflink", v.reflink());
            g.writeBooleanField("linked", v.linked());
            JsonCodec.writeStrings(g, "macs", v.macs());
            g.writeBooleanField("preserveData", v.preserveData());
            JsonCodec.writeStrings(g, "skipCopy", v.skipCopy());
            JsonCodec.writeStrings(g, "forceCopy", v.forceCopy());
            g.writeStringField("nvram", v.nvram());
            JsonCodec.writeStrings(g, "checksOff", List.copyOf(v.checksOff()));
            g.writeBooleanField("replace", v.replace());
            g.writeEndObject();
        });
    }

    /** The answer. */
    public static CloneResult result(byte[] json) throws IOException {
        return JsonCodec.decode(json, CloneJson::result);
    }

    /** The answer, written as the daemon's data binding writes it (tests). */
    static byte[] write(CloneResult r) throws IOException {
        return JsonCodec.encode(r, (g, v) -> {
            g.writeStartObject();
            g.writeStringField("name", v.name());
            g.writeStringField("xml", v.xml());
            g.writeArrayFieldStart("copies");
            for (CloneResult.Copy c : v.copies()) {
                copy(g, c);
            }
            g.writeEndArray();
            JsonCodec.writeStrings(g, "notes", v.notes());
            g.writeNumberField("planMillis", v.planMillis());
            g.writeEndObject();
        });
    }

    private static void copy(JsonGenerator g, CloneResult.Copy c) throws IOException {
        g.writeStartObject();
        g.writeStringField("target", c.target());
        g.writeStringField("pool", c.pool());
        g.writeStringField("volume", c.volume());
        g.writeStringField("path", c.path());
        g.writeStringField("mode", c.mode());
        g.writeNumberField("millis", c.millis());
        g.writeEndObject();
    }

    private static CloneResult result(JsonReader p) throws IOException {
        String name = null;
        String xml = null;
        List<CloneResult.Copy> copies = new ArrayList<>();
        List<String> notes = List.of();
        long planMillis = 0;
        while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "name" -> name = p.getValueAsString();
                case "xml" -> xml = p.getValueAsString();
                case "copies" -> {
                    JsonCodec.expect(p.currentToken(), JsonReader.Token.START_ARRAY, p);
                    while (p.nextToken() != JsonReader.Token.END_ARRAY) {
                        copies.add(copy(p));
                    }
                }
                case "notes" -> notes = JsonCodec.readStrings(p);
                case "planMillis" -> planMillis = p.getLongValue();
                default -> throw new IOException("unknown field '" + f + "' in a clone answer");
            }
        }
        return new CloneResult(name, xml, copies, notes, planMillis);
    }

    private static CloneResult.Copy copy(JsonReader p) throws IOException {
        JsonCodec.expect(p.currentToken(), JsonReader.Token.START_OBJECT, p);
        String target = null;
        String pool = null;
        String volume = null;
        String path = null;
        String mode = null;
        long millis = 0;
        while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "target" -> target = p.getValueAsString();
                case "pool" -> pool = p.getValueAsString();
                case "volume" -> volume = p.getValueAsString();
                case "path" -> path = p.getValueAsString();
                case "mode" -> mode = p.getValueAsString();
                case "millis" -> millis = p.getLongValue();
                default -> throw new IOException("unknown field '" + f + "' in a clone answer's copy");
            }
        }
        return new CloneResult.Copy(target, pool, volume, path, mode, millis);
    }
}
