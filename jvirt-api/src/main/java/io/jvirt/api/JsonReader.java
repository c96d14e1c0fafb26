package io.jvirt.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A small pull parser for the API's JSON documents (UTF-8 bytes, RFC 8259): objects,
 * arrays, strings, numbers, booleans and null, read token by token like jackson-core's
 * {@code JsonParser}, whose method names it keeps so that the decoders read alike.
 *
 * <p>Why not jackson-core here, which writes the same documents: every jackson-core parser
 * initializes the JDK's {@code BigDecimal}, whose class initializer computes 5^65536, ~10 ms
 * of each CLI call before the JIT has run (a CLI call costs ~75 ms in all). Tests hold this
 * reader to jackson-core's parser token by token.
 *
 * <p>Strict: anything that is not JSON, a document nested deeper than {@value #MAX_DEPTH}
 * levels or anything after the top value is an {@link IOException} naming the byte offset.
 */
final class JsonReader {
    /** The tokens, named as jackson-core's {@code JsonToken}. */
    enum Token {
        START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY, FIELD_NAME,
        VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL
    }

    static final int MAX_DEPTH = 64;

    private final byte[] in;
    private final int end;
    private int pos;
    private Token token;
    /** A field name (FIELD_NAME), a string's value or a number's text. */
    private String text;
    private String name;
    private int depth;
    private final boolean[] inObject = new boolean[MAX_DEPTH];
    private final boolean[] needComma = new boolean[MAX_DEPTH];
    private boolean rootDone;

    JsonReader(byte[] json) {
        this.in = json;
        this.end = json.length;
    }

    /** The next token, or null at the end of the document. */
    Token nextToken() throws IOException {
        if (token == Token.FIELD_NAME) {
            return token = value();
        }
        skipSpace();
        if (depth == 0) {
            if (rootDone) {
                if (pos < end) {
                    throw error("unexpected data after the document");
                }
                return token = null;
            }
            return token = value();
        }
        if (pos >= end) {
            throw error("the document ends inside " + (inObject[depth - 1] ? "an object" : "an array"));
        }
        byte c = in[pos];
        if (c == '}' || c == ']') {
            if ((c == '}') != inObject[depth - 1]) {
                throw error("'" + (char) c + "' closes " + (inObject[depth - 1] ? "an object" : "an array"));
            }
            pos++;
            depth--;
            rootDone = depth == 0;
            return token = c == '}' ? Token.END_OBJECT : Token.END_ARRAY;
        }
        if (needComma[depth - 1]) {
            if (c != ',') {
                throw error("expected ',' or '" + (inObject[depth - 1] ? '}' : ']') + "'");
            }
            pos++;
            skipSpace();
        }
        needComma[depth - 1] = true;
        if (inObject[depth - 1]) {
            if (pos >= end || in[pos] != '"') {
                throw error("expected a field name");
            }
            pos++;
            name = string();
            skipSpace();
            if (pos >= end || in[pos] != ':') {
                throw error("expected ':' after field name \"" + name + "\"");
            }
            pos++;
            text = name;
            return token = Token.FIELD_NAME;
        }
        return token = value();
    }

    Token currentToken() {
        return token;
    }

    /** The current field's name (on its FIELD_NAME or its value). */
    String currentName() {
        return name;
    }

    /** Scalars as text (null for null), a field's name on FIELD_NAME, null on structure. */
    String getValueAsString() {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, FIELD_NAME -> text;
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL, START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY -> null;
        };
    }

    long getLongValue() throws IOException {
        if (token == Token.VALUE_NUMBER_INT) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw error("the number " + text + " is out of range");
            }
        }
        if (token == Token.VALUE_NUMBER_FLOAT) {
            double d = Double.parseDouble(text);
            if (d < Long.MIN_VALUE || d > Long.MAX_VALUE) {
                throw error("the number " + text + " is out of range");
            }
            return (long) d;
        }
        throw error("expected a number but found " + token);
    }

    int getIntValue() throws IOException {
        long v = getLongValue();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error("the number " + text + " is out of range");
        }
        return (int) v;
    }

    boolean getBooleanValue() throws IOException {
        if (token == Token.VALUE_TRUE) {
            return true;
        }
        if (token == Token.VALUE_FALSE) {
            return false;
        }
        throw error("expected true or false but found " + token);
    }

    /** On START_OBJECT or START_ARRAY, skips to the matching end; otherwise does nothing. */
    void skipChildren() throws IOException {
        if (token != Token.START_OBJECT && token != Token.START_ARRAY) {
            return;
        }
        int target = depth - 1;
        while (true) {
            Token t = nextToken();
            if (t == null) {
                throw error("the document ends inside a value");
            }
            if ((t == Token.END_OBJECT || t == Token.END_ARRAY) && depth == target) {
                return;
            }
        }
    }

    /** Where the reader stands, for messages. */
    String currentLocation() {
        return "byte " + pos;
    }

    private Token value() throws IOException {
        skipSpace();
        if (pos >= end) {
            throw error("the document ends where a value should be");
        }
        byte c = in[pos];
        Token t;
        switch (c) {
            case '{', '[' -> {
                if (depth == MAX_DEPTH) {
                    throw error("the document nests deeper than " + MAX_DEPTH + " levels");
                }
                pos++;
                inObject[depth] = c == '{';
                needComma[depth] = false;
                depth++;
                return c == '{' ? Token.START_OBJECT : Token.START_ARRAY;
            }
            case '"' -> {
                pos++;
                text = string();
                t = Token.VALUE_STRING;
            }
            case 't' -> t = literal("true", Token.VALUE_TRUE);
            case 'f' -> t = literal("false", Token.VALUE_FALSE);
            case 'n' -> t = literal("null", Token.VALUE_NULL);
            default -> {
                if (c != '-' && (c < '0' || c > '9')) {
                    throw error("unexpected character '" + printable(c) + "'");
                }
                t = number();
            }
        }
        if (depth == 0) {
            rootDone = true;
        }
        return t;
    }

    private Token literal(String word, Token t) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= end || in[pos + i] != word.charAt(i)) {
                throw error("unexpected characters where '" + word + "' was expected");
            }
        }
        pos += word.length();
        text = null;
        return t;
    }

    private Token number() throws IOException {
        int start = pos;
        if (in[pos] == '-') {
            pos++;
        }
        if (pos < end && in[pos] == '0') {
            pos++;
        } else if (!digits()) {
            throw error("a number needs digits");
        }
        boolean fraction = false;
        if (pos < end && in[pos] == '.') {
            pos++;
            fraction = true;
            if (!digits()) {
                throw error("a number needs digits after its decimal point");
            }
        }
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            fraction = true;
            if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            if (!digits()) {
                throw error("a number needs digits in its exponent");
            }
        }
        text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
        return fraction ? Token.VALUE_NUMBER_FLOAT : Token.VALUE_NUMBER_INT;
    }

    private boolean digits() {
        int start = pos;
        while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
        return pos > start;
    }

    /** A string's value; {@code pos} stands after its opening quote and ends after the closing one. */
    private String string() throws IOException {
        int start = pos;
        while (pos < end) {
            byte c = in[pos];
            if (c == '"') {
                String s = new String(in, start, pos - start, StandardCharsets.UTF_8);
                pos++;
                return s;
            }
            if (c == '\\') {
                return escapedString(start);
            }
            if (c >= 0 && c < 0x20) {
                throw error("a string holds the control character " + printable(c) + " unescaped");
            }
            pos++;
        }
        throw error("a string is not closed");
    }

    private String escapedString(int start) throws IOException {
        StringBuilder sb = new StringBuilder(new String(in, start, pos - start, StandardCharsets.UTF_8));
        int run = pos;
        while (pos < end) {
            byte c = in[pos];
            if (c == '"' || c == '\\') {
                sb.append(new String(in, run, pos - run, StandardCharsets.UTF_8));
                pos++;
                if (c == '"') {
                    return sb.toString();
                }
                if (pos >= end) {
                    break;
                }
                byte e = in[pos++];
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(hex4());
                    default -> throw error("unknown escape '\\" + printable(e) + "' in a string");
                }
                run = pos;
            } else if (c >= 0 && c < 0x20) {
                throw error("a string holds the control character " + printable(c) + " unescaped");
            } else {
                pos++;
            }
        }
        throw error("a string is not closed");
    }

    private char hex4() throws IOException {
        if (pos + 4 > end) {
            throw error("a \\u escape needs four hex digits");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in[pos++], 16);
            if (d < 0) {
                throw error("a \\u escape needs four hex digits");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = in[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("0x%02x", c & 0xff);
    }

    private IOException error(String what) {
        return new IOException("not a valid JSON answer: " + what + " at byte " + pos + ".");
    }
}
