package io.jvirt.qemu.address;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each {@code -device} of a QEMU command line sits, by its id: the bus, PCI slot and
 * function, USB port, virtio-serial port and SCSI/IDE position. Read from libvirt's
 * {@code .args} files (JSON devices) and from jvirt's argv (QEMU's key=value form) alike.
 */
final class ArgsFacts {

    /** The properties that say where a device sits. */
    private static final List<String> PLACE = List.of("bus", "addr", "multifunction", "port", "nr", "unit", "channel",
            "scsi-id", "lun");
    private static final Pattern JSON_DEVICE = Pattern.compile("-device '(\\{.*\\})'");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArgsFacts() {
    }

    /** Reads the devices of a libvirt {@code .x86_64-latest.args} file. */
    static SortedMap<String, String> ofLibvirt(String args) {
        SortedMap<String, String> out = new TreeMap<>();
        Matcher m = JSON_DEVICE.matcher(args);
        while (m.find()) {
            JsonNode device;
            try {
                device = JSON.readTree(m.group(1));
            } catch (Exception e) {
                throw new IllegalArgumentException("bad -device JSON: " + m.group(1), e);
            }
            Map<String, String> props = new LinkedHashMap<>();
            device.fields().forEachRemaining(f -> props.put(f.getKey(), f.getValue().asText()));
            add(out, props);
        }
        return out;
    }

    /** Reads the devices of a jvirt argv. */
    static SortedMap<String, String> ofJvirt(List<String> argv) {
        SortedMap<String, String> out = new TreeMap<>();
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (!argv.get(i).equals("-device")) {
                continue;
            }
            List<String> parts = split(argv.get(i + 1));
            Map<String, String> props = new LinkedHashMap<>();
            props.put("driver", parts.getFirst());
            for (String p : parts.subList(1, parts.size())) {
                int eq = p.indexOf('=');
                props.put(p.substring(0, eq), p.substring(eq + 1));
            }
            add(out, props);
        }
        return out;
    }

    private static void add(SortedMap<String, String> out, Map<String, String> props) {
        String id = props.get("id");
        if (id == null) {
            return;
        }
        List<String> facts = new ArrayList<>();
        for (String k : PLACE) {
            String v = props.get(k);
            if (v == null) {
                continue;
            }
            if (k.equals("multifunction")) {
                v = v.equals("true") || v.equals("on") ? "on" : "off";
            } else if (!k.equals("addr") && v.matches("0x[0-9a-fA-F]+")) {
                v = Integer.toString(Integer.parseInt(v.substring(2), 16));
            }
            facts.add(k + "=" + v);
        }
        if (!facts.isEmpty()) {
            out.put(id, String.join(" ", facts));
        }
    }

    /** Splits QEMU's key=value list at single commas (a doubled comma is a comma in a value). */
    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' && i + 1 < s.length() && s.charAt(i + 1) == ',') {
                cur.append(',');
                i++;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
