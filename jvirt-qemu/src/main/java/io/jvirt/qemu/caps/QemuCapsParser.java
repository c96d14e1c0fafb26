package io.jvirt.qemu.caps;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads QEMU's QMP answers into the parts of a {@link QemuCaps}: a pure step, tested with answers
 * recorded from QEMU 7.2. Each method takes a command's {@code return} member.
 */
public final class QemuCapsParser {
    /** QEMU's versioned model names ({@code EPYC-v3}) stand for the plain ones, which libvirt lists. */
    private static final Pattern VERSIONED = Pattern.compile(".*-v\\d+$");
    private static final List<String> NOT_MODELS = List.of("host", "max", "base");
    /** QEMU's generic models: QEMU gives them a vendor, libvirt's CPU map none. */
    private static final List<String> GENERIC = List.of("qemu64", "qemu32", "kvm64", "kvm32", "pentium", "pentium2",
            "pentium3", "486");

    private QemuCapsParser() {
    }

    /** {@code query-version}: {@code 7.2.22}. */
    public static String version(JsonNode ret) {
        JsonNode q = ret.path("qemu");
        return q.path("major").asInt() + "." + q.path("minor").asInt() + "." + q.path("micro").asInt();
    }

    /** {@code query-version}: the package string, or empty. */
    public static String packageVersion(JsonNode ret) {
        return ret.path("package").asText("").strip();
    }

    /**
     * {@code query-machines}: every machine type except {@code none}, the default first (as
     * libvirt lists them), otherwise in QEMU's order.
     */
    public static List<QemuCaps.Machine> machines(JsonNode ret) {
        List<QemuCaps.Machine> out = new ArrayList<>();
        for (JsonNode m : ret) {
            String name = m.path("name").asText();
            if (name.equals("none")) {
                continue;
            }
            QemuCaps.Machine machine = new QemuCaps.Machine(name, m.hasNonNull("alias") ? m.get("alias").asText() : null,
                    m.path("cpu-max").asInt(1), m.path("deprecated").asBoolean(false),
                    m.path("is-default").asBoolean(false));
            if (machine.isDefault()) {
                out.addFirst(machine);
            } else {
                out.add(machine);
            }
        }
        return out;
    }

    /**
     * {@code query-cpu-definitions} with each model's static and full expansion.
     *
     * @param definitions the definitions
     * @param staticExpansions each model's {@code query-cpu-model-expansion type=static} answer, by name
     * @param fullExpansions each model's {@code type=full} answer, by name (for its vendor)
     * @return the named models in QEMU's order
     */
    public static List<QemuCaps.CpuModel> cpuModels(JsonNode definitions, Map<String, JsonNode> staticExpansions,
                                                    Map<String, JsonNode> fullExpansions) {
        List<QemuCaps.CpuModel> out = new ArrayList<>();
        for (JsonNode d : definitions) {
            String name = d.path("name").asText();
            if (!isListedModel(name)) {
                continue;
            }
            JsonNode st = staticExpansions.get(name);
            JsonNode full = fullExpansions.get(name);
            out.add(new QemuCaps.CpuModel(name, d.path("unavailable-features").isEmpty(),
                    d.path("deprecated").asBoolean(false),
                    full == null || GENERIC.contains(name) ? "unknown"
                            : vendor(full.path("model").path("props").path("vendor").asText("")),
                    st == null ? List.of() : features(st)));
        }
        return out;
    }

    /** Whether libvirt lists a model of this name: not versioned, not host, max or base. */
    public static boolean isListedModel(String name) {
        return !VERSIONED.matcher(name).matches() && !NOT_MODELS.contains(name);
    }

    /** The features a {@code query-cpu-model-expansion type=static} answer turns on, QEMU's names. */
    public static List<String> features(JsonNode expansion) {
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = expansion.path("model").path("props").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isBoolean() && e.getValue().asBoolean()) {
                out.add(e.getKey());
            }
        }
        out.sort(null);
        return out;
    }

    /** Every boolean property of a static expansion: the CPU feature names QEMU knows. */
    public static List<String> featureNames(JsonNode expansion) {
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = expansion.path("model").path("props").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isBoolean()) {
                out.add(e.getKey());
            }
        }
        out.sort(null);
        return out;
    }

    /** libvirt's vendor word for a CPUID vendor string. */
    public static String vendor(String cpuid) {
        return switch (cpuid) {
            case "GenuineIntel" -> "Intel";
            case "AuthenticAMD" -> "AMD";
            case "HygonGenuine" -> "Hygon";
            case "CentaurHauls", "  Shanghai  " -> "Zhaoxin";
            default -> "unknown";
        };
    }

    /** {@code qom-list-types abstract=false}: the type names. */
    public static List<String> types(JsonNode ret) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : ret) {
            out.add(t.path("name").asText());
        }
        return out;
    }

    /** A list of strings ({@code query-tpm-models}, {@code query-tpm-types}). */
    public static List<String> strings(JsonNode ret) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : ret) {
            out.add(t.asText());
        }
        return out;
    }

    /**
     * The output of {@code qemu-system-ARCH -display help}: the back ends after the heading line,
     * without QEMU's complaints about modules that are not installed.
     */
    public static List<String> displays(String help) {
        List<String> out = new ArrayList<>();
        boolean listing = false;
        for (String line : help.split("\n")) {
            if (line.startsWith("Available display backend types")) {
                listing = true;
            } else if (listing && line.matches("[a-z0-9-]+")) {
                out.add(line);
            }
        }
        return out;
    }

    /** {@code query-kvm}: whether KVM is compiled in and present. */
    public static boolean kvmPresent(JsonNode ret) {
        return ret.path("present").asBoolean(false);
    }

    /** libvirt's architecture name for a binary {@code qemu-system-ARCH}. */
    public static String archOf(String emulator) {
        String base = emulator.substring(emulator.lastIndexOf('/') + 1);
        String arch = base.startsWith("qemu-system-") ? base.substring("qemu-system-".length()) : base;
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "i386" -> "i686";
            default -> arch;
        };
    }
}
