package io.jvirt.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * Streaming JSON for the network documents ({@link NetworkInfo}, {@link DhcpLease}, {@link
 * DomainInterface}), for the same reason as {@link ApiJson}: a CLI process that reads one
 * answer should not pay for data binding's reflective start-up. The JSON is the one
 * {@link Json#mapper()} writes for these records; unknown fields are rejected.
 */
public final class NetworkJson {
    private NetworkJson() {
    }

    public static byte[] write(NetworkInfo n) throws IOException {
        return JsonCodec.encode(n, NetworkJson::network);
    }

    public static byte[] writeNetworks(List<NetworkInfo> list) throws IOException {
        return JsonCodec.encodeAll(list, NetworkJson::network);
    }

    public static byte[] writeLeases(List<DhcpLease> list) throws IOException {
        return JsonCodec.encodeAll(list, NetworkJson::lease);
    }

    public static byte[] write(DomainInterface i) throws IOException {
        return JsonCodec.encode(i, NetworkJson::iface);
    }

    public static byte[] writeInterfaces(List<DomainInterface> list) throws IOException {
        return JsonCodec.encodeAll(list, NetworkJson::iface);
    }

    public static NetworkInfo network(byte[] json) throws IOException {
        return JsonCodec.decode(json, NetworkJson::network);
    }

    public static List<NetworkInfo> networks(byte[] json) throws IOException {
        return JsonCodec.decodeAll(json, NetworkJson::network);
    }

    public static List<DhcpLease> leases(byte[] json) throws IOException {
        return JsonCodec.decodeAll(json, NetworkJson::lease);
    }

    public static DomainInterface iface(byte[] json) throws IOException {
        return JsonCodec.decode(json, NetworkJson::iface);
    }

    public static List<DomainInterface> interfaces(byte[] json) throws IOException {
        return JsonCodec.decodeAll(json, NetworkJson::iface);
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
        JsonCodec.writeStrings(g, "subnets", n.subnets());
        g.writeNumberField("dnsmasqPid", n.dnsmasqPid());
        JsonCodec.writeStrings(g, "warnings", n.warnings());
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
        JsonCodec.writeStrings(g, "addresses", i.addresses());
        g.writeEndObject();
    }

    // ---- decoders ---------------------------------------------------------------

    private static NetworkInfo network(JsonReader p) throws IOException {
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
        while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
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
                case "subnets" -> subnets = JsonCodec.readStrings(p);
                case "dnsmasqPid" -> pid = p.getLongValue();
                case "warnings" -> warnings = JsonCodec.readStrings(p);
                default -> throw unknown(f, "network");
            }
        }
        return new NetworkInfo(name, uuid, active, persistent, autostart, bridge, forward, subnets, pid, warnings);
    }

    private static DhcpLease lease(JsonReader p) throws IOException {
        String network = null;
        String bridge = null;
        long expiry = 0;
        String mac = null;
        String type = null;
        String address = null;
        String hostname = null;
        String clientId = null;
        while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
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

    private static DomainInterface iface(JsonReader p) throws IOException {
        String device = null;
        String type = null;
        String source = null;
        String model = null;
        String mac = null;
        boolean linkUp = true;
        List<String> addresses = List.of();
        while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "device" -> device = p.getValueAsString();
                case "type" -> type = p.getValueAsString();
                case "source" -> source = p.getValueAsString();
                case "model" -> model = p.getValueAsString();
                case "mac" -> mac = p.getValueAsString();
                case "linkUp" -> linkUp = p.getBooleanValue();
                case "addresses" -> addresses = JsonCodec.readStrings(p);
                default -> throw unknown(f, "interface");
            }
        }
        return new DomainInterface(device, type, source, model, mac, linkUp, addresses);
    }

    private static IOException unknown(String field, String what) {
        return new IOException("unknown field '" + field + "' in a " + what + " answer");
    }
}
