package io.jvirt.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link JsonReader} reads documents token by token exactly as jackson-core's parser does. */
class JsonReaderTest {
    private static final JsonFactory JACKSON = new JsonFactory();

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", "[]", "{\"a\":1}", " { \"a\" : [ 1 , -2 , 3.5 , -0.25e-3 , 1E9 , 0 ] } ",
            "{\"s\":\"plain\",\"e\":\"q\\\"b\\\\s\\/n\\nt\\tr\\rb\\bf\\f\",\"u\":\"\\u00e9\\u20ac\\ud83d\\ude00\"}",
            "{\"utf8\":\"h\u00e9 \u20ac \uD83D\uDE00\",\"t\":true,\"f\":false,\"n\":null}",
            "[[[]],{},[{\"x\":{\"y\":[null]}}]]", "\"top\"", "42", "-9223372036854775808", "true", "null",
            "{\"empty\":\"\",\"k\":{\"a\":[],\"b\":{}}}", "\n\t[1,\r\n2]\n",
    })
    void tokensAndValuesMatchJackson(String doc) throws IOException {
        assertThat(tokens(new JsonReader(bytes(doc)))).isEqualTo(jackson(doc));
    }

    @Test
    void randomDocumentsWrittenByJacksonReadAlike() throws IOException {
        Random r = new Random(42);
        for (int i = 0; i < 500; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = JACKSON.createGenerator(out)) {
                write(g, r, 0);
            }
            String doc = out.toString(StandardCharsets.UTF_8);
            assertThat(tokens(new JsonReader(out.toByteArray()))).as(doc).isEqualTo(jackson(doc));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "{\"a\":1}}", "{\"a\":1} x",
            "[01]", "[-]", "[1.]", "[1e]", "[.5]", "[+1]", "tru", "nul", "[\"unclosed]", "[\"bad \\x escape\"]",
            "[\"\\u12\"]", "[\"raw \u0001 control\"]", "[1]]", "{\"a\":[1}", "'single'",
    })
    void malformedDocumentsAreRefusedAsJacksonRefusesThem(String doc) {
        assertThatThrownBy(() -> tokens(new JsonReader(bytes(doc)))).isInstanceOf(IOException.class)
                .hasMessageStartingWith("not a valid JSON answer: ");
        assertThatThrownBy(() -> jackson(doc)).isInstanceOf(IOException.class);
    }

    @Test
    void nestingHasALimit() {
        String deep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        assertThatThrownBy(() -> tokens(new JsonReader(bytes(deep)))).hasMessageContaining("nests deeper");
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertThatCode(() -> tokens(new JsonReader(bytes(ok)))).doesNotThrowAnyException();
    }

    @Test
    void anEmptyAnswerIsNotADocument() {
        // jackson-core reads no token at all here; an answer must hold a value
        assertThatThrownBy(() -> tokens(new JsonReader(new byte[0]))).hasMessageContaining("ends where a value");
    }

    @Test
    void numbersConvertOrSayTheyAreOutOfRange() throws IOException {
        JsonReader p = new JsonReader(bytes("[2147483647,2147483648,9223372036854775808,2.9,true]"));
        p.nextToken();
        p.nextToken();
        assertThat(p.getIntValue()).isEqualTo(Integer.MAX_VALUE);
        p.nextToken();
        assertThatThrownBy(p::getIntValue).hasMessageContaining("out of range");
        assertThat(p.getLongValue()).isEqualTo(2147483648L);
        p.nextToken();
        assertThatThrownBy(p::getLongValue).hasMessageContaining("out of range");
        p.nextToken();
        assertThat(p.getLongValue()).isEqualTo(2L);
        p.nextToken();
        assertThat(p.getBooleanValue()).isTrue();
        assertThatThrownBy(p::getLongValue).hasMessageContaining("expected a number");
    }

    @Test
    void skipChildrenSkipsAWholeValue() throws IOException {
        JsonReader p = new JsonReader(bytes("{\"skip\":{\"a\":[1,{\"b\":2}],\"c\":{}},\"keep\":7}"));
        assertThat(p.nextToken()).isEqualTo(JsonReader.Token.START_OBJECT);
        assertThat(p.nextToken()).isEqualTo(JsonReader.Token.FIELD_NAME);
        assertThat(p.nextToken()).isEqualTo(JsonReader.Token.START_OBJECT);
        p.skipChildren();
        assertThat(p.currentToken()).isEqualTo(JsonReader.Token.END_OBJECT);
        assertThat(p.nextToken()).isEqualTo(JsonReader.Token.FIELD_NAME);
        assertThat(p.currentName()).isEqualTo("keep");
        p.nextToken();
        assertThat(p.getIntValue()).isEqualTo(7);
        assertThat(p.nextToken()).isEqualTo(JsonReader.Token.END_OBJECT);
        assertThat(p.nextToken()).isNull();
    }

    private static void write(JsonGenerator g, Random r, int depth) throws IOException {
        int kind = depth > 4 ? 2 + r.nextInt(6) : r.nextInt(8);
        switch (kind) {
            case 0 -> {
                g.writeStartObject();
                for (int i = r.nextInt(4); i > 0; i--) {
                    g.writeFieldName(randomString(r));
                    write(g, r, depth + 1);
                }
                g.writeEndObject();
            }
            case 1 -> {
                g.writeStartArray();
                for (int i = r.nextInt(4); i > 0; i--) {
                    write(g, r, depth + 1);
                }
                g.writeEndArray();
            }
            case 2 -> g.writeString(randomString(r));
            case 3 -> g.writeNumber(r.nextLong());
            case 4 -> g.writeNumber(r.nextInt(1000) - 500);
            case 5 -> g.writeNumber(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 6 -> g.writeBoolean(r.nextBoolean());
            default -> g.writeNull();
        }
    }

    private static String randomString(Random r) {
        String alphabet = "ab \"\\/\n\t\u0001\u007f\u00e9\u20ac\uD83D\uDE00";
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(6); i > 0; i--) {
            int k = r.nextInt(alphabet.length() - 1);
            if (Character.isHighSurrogate(alphabet.charAt(k))) {
                sb.append(alphabet, k, k + 2);
            } else if (!Character.isLowSurrogate(alphabet.charAt(k))) {
                sb.append(alphabet.charAt(k));
            }
        }
        return sb.toString();
    }

    private static List<String> tokens(JsonReader p) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonReader.Token t; (t = p.nextToken()) != null; ) {
            out.add(t.name() + describe(t.name(), p.getValueAsString()));
            if (t == JsonReader.Token.VALUE_NUMBER_INT) {
                out.add("long " + p.getLongValue());
            }
        }
        return out;
    }

    private static List<String> jackson(String doc) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JACKSON.createParser(bytes(doc))) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                String text = switch (t) {
                    case FIELD_NAME -> p.currentName();
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
                    case VALUE_TRUE -> "true";
                    case VALUE_FALSE -> "false";
                    default -> null;
                };
                out.add(t.name() + describe(t.name(), text));
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    out.add("long " + p.getLongValue());
                }
            }
        }
        return out;
    }

    private static String describe(String token, String text) {
        return text == null ? "" : " " + text;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
