package io.jvirt.it.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the value of one QEMU option, in either syntax QEMU accepts, into a flat map:
 * <ul>
 *   <li>JSON ({@code {"driver":"virtio-blk-pci","bus":"pci.0"}}, what libvirt writes for
 *       {@code -device}, {@code -blockdev}, {@code -object}, {@code -netdev}): nested objects and
 *       arrays become dotted keys ({@code cache.direct}, {@code guestfwd.0.str});</li>
 *   <li>keyval ({@code virtio-blk-pci,bus=pci.0}, what jvirt writes): {@code ,,} is an escaped
 *       comma; a leading part without {@code =} is the implied key (the device driver, the netdev
 *       type, the machine type...); {@code +flag}/{@code -flag} (CPU features) mean
 *       {@code flag=on}/{@code flag=off}.</li>
 * </ul>
 * Values are normalized: {@code true/yes/on} are {@code on}, {@code false/no/off} are {@code off},
 * and {@code 0x}-hex integers are written in decimal, so both syntaxes and both spellings compare
 * equal.
 */
final class OptionValue {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OptionValue() {
    }

    /**
     * Parses an option value.
     *
     * @param value the text after the option
     * @param impliedKey the key of a leading part without {@code =}, such as {@code driver}
     * @return the properties in their order
     */
    static Map<String, String> parse(String value, String impliedKey) {
        Map<String, String> props = new LinkedHashMap<>();
        if (value.startsWith("{")) {
            try {
                flatten("", JSON.readTree(value), props);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("bad JSON option value " + value + ": " + e.getOriginalMessage(), e);
            }
            return props;
        }
        boolean first = true;
        for (String part : splitKeyval(value)) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                props.put(part.substring(0, eq), normalize(part.substring(eq + 1)));
            } else if ((part.startsWith("+") || part.startsWith("-")) && part.length() > 1) {
                props.put(part.substring(1), part.startsWith("+") ? "on" : "off");
            } else if (first && impliedKey != null) {
                props.put(impliedKey, part);
            } else if (!part.isEmpty()) {
                props.put(part, "on");
            }
            first = false;
        }
        return props;
    }

    private static List<String> splitKeyval(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
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

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "." + i, node.get(i), out);
            }
        } else if (node.isNull()) {
            out.put(prefix, "null");
        } else {
            out.put(prefix, normalize(node.asText()));
        }
    }

    /** Booleans as on/off, hex integers in decimal; anything else unchanged. */
    static String normalize(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> {
                return "on";
            }
            case "false", "off", "no" -> {
                return "off";
            }
            default -> {
                if (v.matches("0[xX][0-9A-Fa-f]+")) {
                    return new BigInteger(v.substring(2), 16).toString();
                }
                return v;
            }
        }
    }
}
