package io.jvirt.qemu.argv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvirt.conf.domain.CpuSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a QEMU option value in JSON syntax ({@code -object '{"qom-type":...}'}), which QEMU 7.2
 * accepts wherever it takes an object and which carries lists (a backend's {@code host-nodes})
 * without the keyval syntax's repeated keys. Keys keep the order they are added in; null
 * values are left out.
 */
final class JsonOpts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> values = new LinkedHashMap<>();

    private JsonOpts() {
    }

    /** Starts an object of a QOM type with an id. */
    static JsonOpts object(String qomType, String id) {
        return new JsonOpts().add("qom-type", qomType).add("id", id);
    }

    JsonOpts add(String key, Object value) {
        if (value != null) {
            values.put(key, value);
        }
        return this;
    }

    /** Adds a node set as a list of numbers. */
    JsonOpts add(String key, CpuSet nodes) {
        return nodes == null ? this : add(key, List.copyOf(nodes.ids()));
    }

    /** Adds {@code true} when the flag is set; nothing otherwise. */
    JsonOpts flag(String key, boolean set) {
        return set ? add(key, Boolean.TRUE) : this;
    }

    /** Returns a value added earlier, or null. */
    Object get(String key) {
        return values.get(key);
    }

    @Override
    public String toString() {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a QEMU option as JSON", e);
        }
    }
}
