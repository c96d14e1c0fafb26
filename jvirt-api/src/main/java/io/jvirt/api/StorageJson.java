package io.jvirt.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * Streaming JSON for the storage documents ({@link StoragePoolInfo}, {@link StorageVolumeInfo},
 * lists of them, {@link VolumeCreateRequest}, {@link ImageHolder}), like {@link ApiJson} for domains: a CLI process
 * reading one pool or volume must not pay for data binding's start-up. The JSON is the same as
 * {@link Json#mapper()} writes; unknown fields are rejected.
 */
public final class StorageJson {
    private StorageJson() {
    }

    public static byte[] write(StoragePoolInfo p) throws IOException {
        return JsonCodec.encode(p, StorageJson::pool);
    }

    public static byte[] writePools(List<StoragePoolInfo> pools) throws IOException {
        return JsonCodec.encodeAll(pools, StorageJson::pool);
    }

    public static StoragePoolInfo pool(byte[] json) throws IOException {
        return JsonCodec.decode(json, StorageJson::pool);
    }

    public static List<StoragePoolInfo> pools(byte[] json) throws IOException {
        return JsonCodec.decodeAll(json, StorageJson::pool);
    }

    public static byte[] write(StorageVolumeInfo v) throws IOException {
        return JsonCodec.encode(v, StorageJson::volume);
    }

    public static byte[] writeVolumes(List<StorageVolumeInfo> volumes) throws IOException {
        return JsonCodec.encodeAll(volumes, StorageJson::volume);
    }

    public static StorageVolumeInfo volume(byte[] json) throws IOException {
        return JsonCodec.decode(json, StorageJson::volume);
    }

    public static List<StorageVolumeInfo> volumes(byte[] json) throws IOException {
        return JsonCodec.decodeAll(json, StorageJson::volume);
    }

    public static byte[] write(VolumeCreateRequest r) throws IOException {
        return JsonCodec.encode(r, (g, v) -> {
            g.writeStartObject();
            g.writeStringField("name", v.name());
            g.writeStringField("format", v.format());
            g.writeNumberField("capacity", v.capacity());
            if (v.allocation() == null) {
                g.writeNullField("allocation");
            } else {
                g.writeNumberField("allocation", v.allocation());
            }
            g.writeStringField("backing", v.backing());
            g.writeBooleanField("preallocate", v.preallocate());
            g.writeEndObject();
        });
    }

    public static byte[] writeImageHolders(List<ImageHolder> holders) throws IOException {
        return JsonCodec.encodeAll(holders, StorageJson::holder);
    }

    public static List<ImageHolder> imageHolders(byte[] json) throws IOException {
        return JsonCodec.decodeAll(json, StorageJson::holder);
    }

    private static void holder(JsonGenerator g, ImageHolder h) throws IOException {
        g.writeStartObject();
        g.writeStringField("domain", h.domain());
        g.writeStringField("disk", h.disk());
        g.writeBooleanField("backing", h.backing());
        g.writeStringField("operation", h.operation());
        g.writeEndObject();
    }

    private static ImageHolder holder(JsonReader p) throws IOException {
        JsonCodec.expect(p.currentToken(), JsonReader.Token.START_OBJECT, p);
        String domain = null;
        String disk = null;
        boolean backing = false;
        String operation = null;
        while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "domain" -> domain = p.getValueAsString();
                case "disk" -> disk = p.getValueAsString();
                case "backing" -> backing = p.getBooleanValue();
                case "operation" -> operation = p.getValueAsString();
                default -> throw new IOException("unknown field '" + f + "' in an image holder answer");
            }
        }
        return new ImageHolder(domain, disk, backing, operation);
    }

    private static void pool(JsonGenerator g, StoragePoolInfo p) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", p.name());
        g.writeStringField("uuid", p.uuid());
        g.writeStringField("type", p.type());
        g.writeBooleanField("active", p.active());
        g.writeBooleanField("persistent", p.persistent());
        g.writeBooleanField("autostart", p.autostart());
        g.writeNumberField("capacity", p.capacity());
        g.writeNumberField("allocation", p.allocation());
        g.writeNumberField("available", p.available());
        g.writeStringField("path", p.path());
        g.writeStringField("device", p.device());
        g.writeEndObject();
    }

    private static StoragePoolInfo pool(JsonReader p) throws IOException {
        JsonCodec.expect(p.currentToken(), JsonReader.Token.START_OBJECT, p);
        String name = null;
        String uuid = null;
        String type = null;
        boolean active = false;
        boolean persistent = false;
        boolean autostart = false;
        long capacity = 0;
        long allocation = 0;
        long available = 0;
        String path = null;
        String device = null;
        while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "name" -> name = p.getValueAsString();
                case "uuid" -> uuid = p.getValueAsString();
                case "type" -> type = p.getValueAsString();
                case "active" -> active = p.getBooleanValue();
                case "persistent" -> persistent = p.getBooleanValue();
                case "autostart" -> autostart = p.getBooleanValue();
                case "capacity" -> capacity = p.getLongValue();
                case "allocation" -> allocation = p.getLongValue();
                case "available" -> available = p.getLongValue();
                case "path" -> path = p.getValueAsString();
                case "device" -> device = p.getValueAsString();
                default -> throw new IOException("unknown field '" + f + "' in a storage pool answer");
            }
        }
        return new StoragePoolInfo(name, uuid, type, active, persistent, autostart, capacity, allocation, available,
                path, device);
    }

    private static void volume(JsonGenerator g, StorageVolumeInfo v) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", v.name());
        g.writeStringField("pool", v.pool());
        g.writeStringField("key", v.key());
        g.writeStringField("path", v.path());
        g.writeStringField("type", v.type());
        g.writeStringField("format", v.format());
        g.writeNumberField("capacity", v.capacity());
        g.writeNumberField("allocation", v.allocation());
        g.writeNumberField("physical", v.physical());
        g.writeStringField("backing", v.backing());
        JsonCodec.writeStrings(g, "usedBy", v.usedBy());
        g.writeEndObject();
    }

    private static StorageVolumeInfo volume(JsonReader p) throws IOException {
        JsonCodec.expect(p.currentToken(), JsonReader.Token.START_OBJECT, p);
        String name = null;
        String pool = null;
        String key = null;
        String path = null;
        String type = null;
        String format = null;
        long capacity = 0;
        long allocation = 0;
        long physical = 0;
        String backing = null;
        List<String> usedBy = List.of();
        while (p.nextToken() == JsonReader.Token.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "name" -> name = p.getValueAsString();
                case "pool" -> pool = p.getValueAsString();
                case "key" -> key = p.getValueAsString();
                case "path" -> path = p.getValueAsString();
                case "type" -> type = p.getValueAsString();
                case "format" -> format = p.getValueAsString();
                case "capacity" -> capacity = p.getLongValue();
                case "allocation" -> allocation = p.getLongValue();
                case "physical" -> physical = p.getLongValue();
                case "backing" -> backing = p.getValueAsString();
                case "usedBy" -> usedBy = JsonCodec.readStrings(p);
                default -> throw new IOException("unknown field '" + f + "' in a storage volume answer");
            }
        }
        return new StorageVolumeInfo(name, pool, key, path, type, format, capacity, allocation, physical, backing,
                usedBy);
    }
}
