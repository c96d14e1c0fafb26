package io.jvirt.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The plumbing the streaming encoders ({@link ApiJson}, {@link NetworkJson}, {@link
 * StorageJson}) share: one value or a list of values to bytes with jackson-core's generator
 * and back with {@link JsonReader} (which spares clients jackson-core's parser classes), a
 * string array either way, and the token check behind every decoder.
 */
final class JsonCodec {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonCodec() {
    }

    /** Writes one value with an open generator. */
    interface Writer<T> {
        void write(JsonGenerator g, T value) throws IOException;
    }

    /** Reads one value; the parser stands on its START_OBJECT. */
    interface Reader<T> {
        T read(JsonReader p) throws IOException;
    }

    static <T> byte[] encode(T value, Writer<T> w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            w.write(g, value);
        }
        return out.toByteArray();
    }

    static <T> byte[] encodeAll(List<T> values, Writer<T> w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + values.size() * 320);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (T v : values) {
                w.write(g, v);
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    static <T> T decode(byte[] json, Reader<T> r) throws IOException {
        JsonReader p = new JsonReader(json);
        expect(p.nextToken(), JsonReader.Token.START_OBJECT, p);
        T value = r.read(p);
        expect(p.nextToken(), null, p);
        return value;
    }

    static <T> List<T> decodeAll(byte[] json, Reader<T> r) throws IOException {
        JsonReader p = new JsonReader(json);
        expect(p.nextToken(), JsonReader.Token.START_ARRAY, p);
        List<T> out = new ArrayList<>();
        while (p.nextToken() != JsonReader.Token.END_ARRAY) {
            expect(p.currentToken(), JsonReader.Token.START_OBJECT, p);
            out.add(r.read(p));
        }
        expect(p.nextToken(), null, p);
        return out;
    }

    /** Writes a field holding an array of strings. */
    static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    /** Reads an array of strings (null reads as empty); the parser stands on its START_ARRAY. */
    static List<String> readStrings(JsonReader p) throws IOException {
        if (p.currentToken() == JsonReader.Token.VALUE_NULL) {
            return List.of();
        }
        expect(p.currentToken(), JsonReader.Token.START_ARRAY, p);
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonReader.Token.END_ARRAY) {
            out.add(p.getValueAsString());
        }
        return out;
    }

    /** Fails unless the parser stands on the expected token. */
    static void expect(JsonReader.Token got, JsonReader.Token want, JsonReader p) throws IOException {
        if (got != want) {
            throw new IOException("expected " + want + " but found " + got + " at " + p.currentLocation());
        }
    }
}
