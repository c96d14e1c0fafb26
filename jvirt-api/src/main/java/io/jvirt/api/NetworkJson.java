package io.jvirt.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming JSON for the network documents ({@link NetworkInfo}, {@link DhcpLease}, {@link
 * DomainInterface}), for the same reason as {@link ApiJson}: a CLI process that reads one
 * answer should not pay for data binding's reflective start-up. The JSON is the one
 * {@link Json#mapper()} writes for these records; unknown fields are rejected.
 */
public final class NetworkJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private NetworkJson() {
    }

    /** One element encoder. */
    private interface Writer<T> {
        void write(JsonGenerator g, T value) throws IOException;
    }

    /** One element decoder; the parser stands on the element's START_OBJECT. */
    private interface Reader<T> {
        T read(JsonParser p) throws IOException;
    }

    public static byte[] write(NetworkInfo n) throws IOException {
        return one(n, NetworkJson::network);
    }

    public static byte[] writeNetworks(List<NetworkInfo> list) throws IOException {
        return many(list, NetworkJson::network);
    }

    public static byte[] writeLeases(List<DhcpLease> list) throws IOException {
        return many(list, NetworkJson::lease);
    }

    public static byte[] write(DomainInterface i) throws IOException {
        return one(i, NetworkJson::iface);
    }

    public static byte[] writeInterfaces(List<DomainInterface> list) throws IOException {
        return many(list, NetworkJson::iface);
    }

    public static NetworkInfo network(byte[] json) throws IOException {
        return readOne(json, NetworkJson::network);
    }

    public static List<NetworkInfo> networks(byte[] json) throws IOException {
        return readMany(json, NetworkJson::network);
    }

    public static List<DhcpLease> leases(byte[] json) throws IOException {
        return readMany(json, NetworkJson::lease);
    }

    public static DomainInterface iface(byte[] json) throws IOException {
        return readOne(json, NetworkJson::iface);
    }

    public static List<DomainInterface> interfaces(byte[] json) throws IOException {
        return readMany(json, NetworkJson::iface);
    }

    // ---- encoders ---------------------------------------------------------------

    private static void network(JsonGenerator g, NetworkInfo n) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", n.name());
        g.writeStringField("uuid", n.uuid());
        g.writeBooleanField("active", n.active());
        g.writeBooleanField("persistent", n.persistent());
        g.writeBooleanField("autostart", n.autostart());
        g.writeStringField("bridge", n.bridge());
        g.writeStringField("forward", n.forward());
        strings(g, "subnets", n.subnets());
        g.writeNumberField("dnsmasqPid", n.dnsmasqPid());
        strings(g, "warnings", n.warnings());
        g.writeEndObject();
    }

    private static void lease(JsonGenerator g, DhcpLease l) throws IOException {
        g.writeStartObject();
        g.writeStringField("network", l.network());
        g.writeStringField("bridge", l.bridge());
        g.writeNumberField("expiryEpochSeconds", l.expiryEpochSeconds());
        g.writeStringField("mac", l.mac());
        g.writeStringField("type", l.type());
        g.writeStringField("address", l.address());
        g.writeStringField("hostname", l.hostname());
        g.writeStringField("clientId", l.clientId());
        g.writeEndObject();
    }

    private static void iface(JsonGenerator g, DomainInterface i) throws IOException {
        g.writeStartObject();
        g.writeStringField("device", i.device());
        g.writeStringField("type", i.type());
        g.writeStringField("source", i.source());
        g.writeStringField("model", i.model());
        g.writeStringField("mac", i.mac());
        g.writeBooleanField("linkUp", i.linkUp());
        strings(g, "addresses", i.addresses());
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    // ---- decoders ---------------------------------------------------------------

    private static NetworkInfo network(JsonParser p) throws IOException {
        String name = null;
        String uuid = null;
        boolean active = false;
        boolean persistent = false;
        boolean autostart = false;
        String bridge = null;
        String forward = null;
        List<String> subnets = List.of();
        long pid = 0;
        List<String> warnings = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "name" -> name = p.getValueAsString();
                case "uuid" -> uuid = p.getValueAsString();
                case "active" -> active = p.getBooleanValue();
                case "persistent" -> persistent = p.getBooleanValue();
                case "autostart" -> autostart = p.getBooleanValue();
                case "bridge" -> bridge = p.getValueAsString();
                case "forward" -> forward = p.getValueAsString();
                case "subnets" -> subnets = strings(p);
                case "dnsmasqPid" -> pid = p.getLongValue();
                case "warnings" -> warnings = strings(p);
                default -> throw unknown(f, "network");
            }
        }
        return new NetworkInfo(name, uuid, active, persistent, autostart, bridge, forward, subnets, pid, warnings);
    }

    private static DhcpLease lease(JsonParser p) throws IOException {
        String network = null;
        String bridge = null;
        long expiry = 0;
        String mac = null;
        String type = null;
        String address = null;
        String hostname = null;
        String clientId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "network" -> network = p.getValueAsString();
                case "bridge" -> bridge = p.getValueAsString();
                case "expiryEpochSeconds" -> expiry = p.getLongValue();
                case "mac" -> mac = p.getValueAsString();
                case "type" -> type = p.getValueAsString();
                case "address" -> address = p.getValueAsString();
                case "hostname" -> hostname = p.getValueAsString();
                case "clientId" -> clientId = p.getValueAsString();
                default -> throw unknown(f, "lease");
            }
        }
        return new DhcpLease(network, bridge, expiry, mac, type, address, hostname, clientId);
    }

    private static DomainInterface iface(JsonParser p) throws IOException {
        String device = null;
        String type = null;
        String source = null;
        String model = null;
        String mac = null;
        boolean linkUp = true;
        List<String> addresses = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "device" -> device = p.getValueAsString();
                case "type" -> type = p.getValueAsString();
                case "source" -> source = p.getValueAsString();
                case "model" -> model = p.getValueAsString();
                case "mac" -> mac = p.getValueAsString();
                case "linkUp" -> linkUp = p.getBooleanValue();
                case "addresses" -> addresses = strings(p);
                default -> throw unknown(f, "interface");
            }
        }
        return new DomainInterface(device, type, source, model, mac, linkUp, addresses);
    }

    private static List<String> strings(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        ApiJson.expect(p.currentToken(), JsonToken.START_ARRAY, p);
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(p.getValueAsString());
        }
        return out;
    }

    // ---- plumbing ---------------------------------------------------------------

    private static <T> byte[] one(T value, Writer<T> w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            w.write(g, value);
        }
        return out.toByteArray();
    }

    private static <T> byte[] many(List<T> list, Writer<T> w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + list.size() * 256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (T v : list) {
                w.write(g, v);
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    private static <T> T readOne(byte[] json, Reader<T> r) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            ApiJson.expect(p.nextToken(), JsonToken.START_OBJECT, p);
            return r.read(p);
        }
    }

    private static <T> List<T> readMany(byte[] json, Reader<T> r) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            ApiJson.expect(p.nextToken(), JsonToken.START_ARRAY, p);
            List<T> out = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                ApiJson.expect(p.currentToken(), JsonToken.START_OBJECT, p);
                out.add(r.read(p));
            }
            return out;
        }
    }

    private static IOException unknown(String field, String what) {
        return new IOException("unknown field '" + field + "' in a " + what + " answer");
    }
}
