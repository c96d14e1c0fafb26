package io.jvirt.qemu.hotplug;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a command-line option value into the arguments of the QMP command that does the same:
 * {@code -device} into {@code device_add} (QEMU parses its properties as strings, as on the
 * command line), {@code -netdev} into {@code netdev_add} and {@code -blockdev} into
 * {@code blockdev-add}, whose arguments QEMU checks against its schema, so the boolean and
 * integer members get JSON types and dotted keys become nested objects. A value written as JSON
 * is taken as it is.
 */
final class QmpProps {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Block-layer members that are booleans (at any depth: {@code cache.direct}). */
    private static final Set<String> BLOCK_BOOLEANS = Set.of("read-only", "auto-read-only", "force-share", "direct",
            "no-flush", "locking-off");
    /** Block-layer members that are integers. */
    private static final Set<String> BLOCK_INTEGERS = Set.of("offset", "size", "cache-size", "l2-cache-size",
            "refcount-cache-size", "cache-clean-interval", "timeout", "readahead");
    /** Network back-end members that are booleans. */
    private static final Set<String> NET_BOOLEANS = Set.of("vhost", "vnet_hdr", "vhostforce", "restrict", "ipv4",
            "ipv6", "udp");
    /** Network back-end members that are integers. */
    private static final Set<String> NET_INTEGERS = Set.of("sndbuf", "queues", "poll-us");

    private QmpProps() {
    }

    /** {@code device_add} arguments from a {@code -device} value: its driver and properties, as strings. */
    static Map<String, Object> device(String value) {
        Map<String, Object> kv = keyval(value, true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("driver", kv.remove(""));
        out.putAll(kv);
        return out;
    }

    /** {@code netdev_add} arguments from a {@code -netdev} value. */
    static Map<String, Object> netdev(String value) {
        Map<String, Object> kv = keyval(value, true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", kv.remove(""));
        kv.forEach((k, v) -> out.put(k, typed(k, v.toString(), NET_BOOLEANS, NET_INTEGERS)));
        return out;
    }

    /** {@code object-add} arguments from an {@code -object} value: its type and properties. */
    static Map<String, Object> object(String value) {
        if (value.startsWith("{")) {
            return json(value);
        }
        Map<String, Object> kv = keyval(value, true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("qom-type", kv.remove(""));
        out.putAll(kv);
        return out;
    }

    /** {@code blockdev-add} arguments from a {@code -blockdev} value, keyval or JSON. */
    static Map<String, Object> blockdev(String value) {
        if (value.startsWith("{")) {
            return json(value);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        keyval(value, false).forEach((k, v) -> put(out, k.split("\\."), 0, v.toString()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> m, String[] path, int i, String value) {
        if (i == path.length - 1) {
            m.put(path[i], typed(path[i], value, BLOCK_BOOLEANS, BLOCK_INTEGERS));
            return;
        }
        Object child = m.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
        put((Map<String, Object>) child, path, i + 1, value);
    }

    private static Object typed(String key, String value, Set<String> booleans, Set<String> integers) {
        if (booleans.contains(key) && (value.equals("on") || value.equals("off"))) {
            return value.equals("on");
        }
        if (integers.contains(key)) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException notNumber) {
                return value;
            }
        }
        return value;
    }

    private static Map<String, Object> json(String value) {
        try {
            return MAPPER.readValue(value, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The command-line option value " + value + " is not valid JSON.", e);
        }
    }

    /**
     * Splits {@code key=value,...} as QEMU's option parser does, a doubled comma standing for a
     * comma inside a value.
     *
     * @param value the option value
     * @param head whether the first part may be a bare word (a driver or type), kept under the key ""
     * @return the keys and values in order
     */
    static Map<String, Object> keyval(String value, boolean head) {
        Map<String, Object> out = new LinkedHashMap<>();
        StringBuilder part = new StringBuilder();
        boolean first = true;
        for (int i = 0; i <= value.length(); i++) {
            if (i < value.length() && value.charAt(i) == ',' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
                part.append(',');
                i++;
                continue;
            }
            if (i == value.length() || value.charAt(i) == ',') {
                String p = part.toString();
                part.setLength(0);
                int eq = p.indexOf('=');
                if (first && head && eq < 0) {
                    out.put("", p);
                } else if (eq > 0) {
                    out.put(p.substring(0, eq), p.substring(eq + 1));
                } else if (!p.isEmpty()) {
                    out.put(p, "on");
                }
                first = false;
                continue;
            }
            part.append(value.charAt(i));
        }
        return out;
    }
}
