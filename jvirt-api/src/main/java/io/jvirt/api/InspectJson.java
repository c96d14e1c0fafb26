package io.jvirt.api;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code domstats}'s answer in JSON without data binding, both ways: a list of
 * {@code {"name": ..., "stats": {"state.state": 1, "block.0.path": "/x", ...}}} objects whose
 * statistics keep their order. The CLI's {@code domstats} decodes it with {@link JsonReader},
 * so a call does not load jackson-databind.
 */
public final class InspectJson {
    private InspectJson() {
    }

    /** Encodes the statistics of several domains. */
    public static byte[] writeStats(List<DomainStats> stats) throws IOException {
        return JsonCodec.encodeAll(stats, InspectJson::write);
    }

    /** Decodes what {@link #writeStats} wrote. */
    public static List<DomainStats> stats(byte[] json) throws IOException {
        return JsonCodec.decodeAll(json, InspectJson::read);
    }

    private static void write(JsonGenerator g, DomainStats s) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeObjectFieldStart("stats");
        for (Map.Entry<String, Object> e : s.stats().entrySet()) {
            switch (e.getValue()) {
                case Long l -> g.writeNumberField(e.getKey(), l);
                case Integer i -> g.writeNumberField(e.getKey(), i);
                case String str -> g.writeStringField(e.getKey(), str);
                default -> g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static DomainStats read(JsonReader p) throws IOException {
        String name = null;
        Map<String, Object> stats = new LinkedHashMap<>();
        while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "name" -> name = p.getValueAsString();
                case "stats" -> {
                    JsonCodec.expect(p.currentToken(), JsonReader.Token.START_OBJECT, p);
                    while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
                        String key = p.currentName();
                        JsonReader.Token t = p.nextToken();
                        stats.put(key, t == JsonReader.Token.VALUE_NUMBER_INT ? (Object) p.getLongValue()
                                : p.getValueAsString());
                    }
                }
                default -> throw new IOException("unknown field '" + f + "' in a domain statistics answer");
            }
        }
        return new DomainStats(name, stats);
    }
}
