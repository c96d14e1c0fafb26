package io.jvirt.qemu.argv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a keyval option string of a block node into QEMU's JSON syntax, for the one thing
 * keyval cannot say: a {@code null} (a format node without a backing image). Dotted keys become
 * nested objects; the block layer's boolean and integer properties get their JSON types, every
 * other value stays a string.
 */
final class KeyvalJson {

    private static final Set<String> BOOLEANS = Set.of("read-only", "auto-read-only", "force-share", "direct",
            "no-flush");
    private static final Set<String> INTEGERS = Set.of("offset", "size", "cache-size");

    private KeyvalJson() {
    }

    /**
     * Converts the options and adds the keys given as null.
     *
     * @param keyval the keyval string (no leading driver word)
     * @param nullKeys the top-level keys whose value is {@code null}
     * @return the JSON object text
     */
    static String of(String keyval, String... nullKeys) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (String part : split(keyval)) {
            int eq = part.indexOf('=');
            put(root, part.substring(0, eq).split("\\."), 0, part.substring(eq + 1));
        }
        for (String k : nullKeys) {
            root.put(k, null);
        }
        StringBuilder sb = new StringBuilder();
        write(sb, root);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> m, String[] path, int i, String value) {
        if (i == path.length - 1) {
            m.put(path[i], value);
            return;
        }
        Object child = m.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
        put((Map<String, Object>) child, path, i + 1, value);
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Map<String, Object> m) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Map<?, ?> child) {
                write(sb, (Map<String, Object>) child);
            } else if (BOOLEANS.contains(e.getKey())) {
                sb.append(v.equals("on") ? "true" : "false");
            } else if (INTEGERS.contains(e.getKey())) {
                sb.append(Long.parseLong((String) v));
            } else {
                string(sb, (String) v);
            }
        }
        sb.append('}');
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Splits keyval at single commas; a doubled comma is a comma inside a value. */
    private static List<String> split(String keyval) {
        List<String> parts = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keyval.length(); i++) {
            char c = keyval.charAt(i);
            if (c == ',' && i + 1 < keyval.length() && keyval.charAt(i + 1) == ',') {
                b.append(',');
                i++;
            } else if (c == ',') {
                parts.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        parts.add(b.toString());
        return parts;
    }
}
