package io.jvirt.qemu.firmware;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvirt.qemu.firmware.FirmwareException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The host's QEMU firmware descriptors in priority order, found as libvirt finds them
 * ({@code qemuInteropFetchConfigs}): every file of the given directories, a later directory's
 * file replacing an earlier one of the same name (so {@code /etc/qemu/firmware} overrides
 * {@code /usr/share/qemu/firmware}), an empty file hiding its name, all sorted by file name
 * (the number in front is the priority). Descriptors that cannot be read are skipped and
 * listed with the reason, so that one broken file does not hide the others.
 *
 * @param dirs the directories searched, lowest precedence first
 * @param all the descriptors, best first
 * @param skipped the files skipped, each with why
 */
public record FirmwareDescriptors(List<Path> dirs, List<FirmwareDescriptor> all, List<String> skipped) {

    /** Where Debian's and QEMU's packages install descriptors, and where an administrator overrides them. */
    public static final List<Path> SYSTEM_DIRS = List.of(Path.of("/usr/share/qemu/firmware"),
            Path.of("/etc/qemu/firmware"));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the lists. */
    public FirmwareDescriptors {
        dirs = List.copyOf(dirs);
        all = List.copyOf(all);
        skipped = List.copyOf(skipped);
    }

    /**
     * Reads the descriptors of the given directories; a missing directory holds none.
     *
     * @param dirs the directories, lowest precedence first
     * @return the descriptors
     * @throws IOException when a directory cannot be listed
     */
    public static FirmwareDescriptors load(List<Path> dirs) throws IOException {
        Map<String, Path> byName = new TreeMap<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (!name.startsWith(".") && Files.isRegularFile(f)) {
                        byName.put(name, f);
                    }
                }
            }
        }
        List<FirmwareDescriptor> all = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path f : byName.values()) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (NoSuchFileException gone) {
                continue;
            } catch (IOException e) {
                skipped.add(f + ": " + e.getMessage());
                continue;
            }
            if (text.isEmpty()) {
                continue; // an empty file masks the descriptor of the same name
            }
            try {
                all.add(parse(f, text));
            } catch (FirmwareException e) {
                skipped.add(e.getMessage());
            }
        }
        return new FirmwareDescriptors(dirs, all, skipped);
    }

    /**
     * Parses one descriptor.
     *
     * @param file the file it came from, for messages
     * @param json its text
     * @return the descriptor
     * @throws FirmwareException of kind BAD_DESCRIPTOR when it is not valid
     */
    public static FirmwareDescriptor parse(Path file, String json) {
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw bad(file, "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (doc == null || !doc.isObject()) {
            throw bad(file, "is not a JSON object");
        }
        List<String> interfaces = strings(file, doc, "interface-types");
        FirmwareDescriptor.Mapping mapping = mapping(file, required(file, doc, "mapping"));
        List<FirmwareDescriptor.Target> targets = new ArrayList<>();
        JsonNode ts = required(file, doc, "targets");
        if (!ts.isArray()) {
            throw bad(file, "has 'targets' that is not a list");
        }
        for (JsonNode t : ts) {
            targets.add(new FirmwareDescriptor.Target(text(file, t, "architecture"), strings(file, t, "machines")));
        }
        Set<String> features = doc.has("features") ? new LinkedHashSet<>(strings(file, doc, "features")) : Set.of();
        return new FirmwareDescriptor(file, interfaces, mapping, targets, features);
    }

    private static FirmwareDescriptor.Mapping mapping(Path file, JsonNode m) {
        String device = text(file, m, "device");
        return switch (device) {
            case "flash" -> {
                FirmwareDescriptor.FlashMode mode = switch (m.has("mode") ? text(file, m, "mode") : "split") {
                    case "split" -> FirmwareDescriptor.FlashMode.SPLIT;
                    case "combined" -> FirmwareDescriptor.FlashMode.COMBINED;
                    case "stateless" -> FirmwareDescriptor.FlashMode.STATELESS;
                    default -> throw bad(file, "has the unknown flash mode '" + m.get("mode").asText() + "'");
                };
                FirmwareDescriptor.FlashFile exec = flashFile(file, required(file, m, "executable"));
                FirmwareDescriptor.FlashFile template = mode == FirmwareDescriptor.FlashMode.SPLIT
                        ? flashFile(file, required(file, m, "nvram-template")) : null;
                yield new FirmwareDescriptor.Flash(mode, exec, template);
            }
            case "memory" -> new FirmwareDescriptor.Memory(text(file, m, "filename"));
            case "kernel" -> new FirmwareDescriptor.Kernel(text(file, m, "filename"));
            default -> throw bad(file, "has the unknown mapping device '" + device + "'");
        };
    }

    private static FirmwareDescriptor.FlashFile flashFile(Path file, JsonNode f) {
        return new FirmwareDescriptor.FlashFile(text(file, f, "filename"), text(file, f, "format"));
    }

    private static JsonNode required(Path file, JsonNode node, String member) {
        JsonNode v = node.get(member);
        if (v == null || v.isNull()) {
            throw bad(file, "lacks '" + member + "'");
        }
        return v;
    }

    private static String text(Path file, JsonNode node, String member) {
        JsonNode v = required(file, node, member);
        if (!v.isTextual()) {
            throw bad(file, "has '" + member + "' that is not a string");
        }
        return v.asText();
    }

    private static List<String> strings(Path file, JsonNode node, String member) {
        JsonNode v = required(file, node, member);
        if (!v.isArray()) {
            throw bad(file, "has '" + member + "' that is not a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw bad(file, "has a member of '" + member + "' that is not a string");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static FirmwareException bad(Path file, String what) {
        return new FirmwareException(Kind.BAD_DESCRIPTOR, "The firmware descriptor " + file + " " + what + ".");
    }
}
