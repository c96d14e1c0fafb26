package io.jvirt.qemu.caps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jvirt.qemu.qmp.QmpClient;
import io.jvirt.qemu.qmp.QmpException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Asks one QEMU binary what it can do: starts it with {@code -machine none,accel=tcg -nodefaults
 * -S} and a QMP socket in a private directory, asks its questions, and quits it. The thin runner
 * around {@link QemuCapsParser}; about 0.3 s with QEMU 7.2.
 */
public final class QemuCapsProbe {
    private static final Duration CONNECT = Duration.ofSeconds(20);
    private static final Duration ANSWER = Duration.ofSeconds(20);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private QemuCapsProbe() {
    }

    /**
     * Probes {@code emulator}, working in {@code workDir} (its socket and log; removed after).
     *
     * @throws QemuCapsException when QEMU cannot be started or does not answer
     */
    public static QemuCaps probe(Path emulator, Path workDir) {
        if (!Files.isExecutable(emulator)) {
            throw new QemuCapsException("The emulator " + emulator + " does not exist or is not executable; install "
                    + "QEMU (qemu-system-x86 on Debian) or name another binary.");
        }
        Path dir;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, "probe-");
        } catch (IOException e) {
            throw new QemuCapsException("Cannot make a directory for probing " + emulator + " in " + workDir + ": "
                    + e.getMessage() + ".", e);
        }
        Path socket = dir.resolve("qmp.sock");
        Path log = dir.resolve("qemu.log");
        Process process = null;
        try {
            process = new ProcessBuilder(List.of(emulator.toString(), "-machine", "none,accel=tcg", "-nodefaults",
                    "-S", "-display", "none", "-no-user-config",
                    "-qmp", "unix:" + socket + ",server=on,wait=off"))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Process p = process;
            try (QmpClient qmp = QmpClient.connect(socket, CONNECT, p::isAlive, e -> { }, () -> { })) {
                QemuCaps caps = ask(emulator.toString(), qmp, displays(emulator, dir));
                quit(qmp);
                return caps;
            }
        } catch (IOException | QmpException e) {
            throw new QemuCapsException("Cannot ask " + emulator + " what it can do: " + e.getMessage()
                    + lastWords(log) + ".", e);
        } finally {
            if (process != null) {
                stop(process);
            }
            deleteQuietly(socket);
            deleteQuietly(log);
            deleteQuietly(dir);
        }
    }

    /** The display back ends whose modules are installed ({@code -display help}). */
    private static List<String> displays(Path emulator, Path dir) throws IOException {
        Path out = dir.resolve("display-help.txt");
        Process p = new ProcessBuilder(List.of(emulator.toString(), "-display", "help"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("'" + emulator + " -display help' did not end within 20 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking for the display back ends", e);
        }
        String text = Files.readString(out);
        Files.deleteIfExists(out);
        return QemuCapsParser.displays(text);
    }

    private static QemuCaps ask(String emulator, QmpClient qmp, List<String> displays) {
        JsonNode version = run(qmp, "query-version", null);
        JsonNode definitions = run(qmp, "query-cpu-definitions", null);
        Map<String, JsonNode> statics = new LinkedHashMap<>();
        Map<String, JsonNode> fulls = new LinkedHashMap<>();
        for (JsonNode d : definitions) {
            String name = d.path("name").asText();
            if (QemuCapsParser.isListedModel(name)) {
                statics.put(name, expand(qmp, "static", name));
                fulls.put(name, expand(qmp, "full", name));
            }
        }
        JsonNode max = expand(qmp, "static", "max");
        return new QemuCaps(emulator, QemuCapsParser.version(version), QemuCapsParser.packageVersion(version),
                QemuCapsParser.archOf(emulator), QemuCapsParser.machines(run(qmp, "query-machines", null)),
                QemuCapsParser.cpuModels(definitions, statics, fulls),
                max == null ? List.of() : QemuCapsParser.features(max),
                QemuCapsParser.types(run(qmp, "qom-list-types", Map.of("abstract", false))),
                QemuCapsParser.strings(run(qmp, "query-tpm-models", null)),
                QemuCapsParser.strings(run(qmp, "query-tpm-types", null)),
                QemuCapsParser.kvmPresent(run(qmp, "query-kvm", null)),
                answers(qmp, "query-sev-capabilities"), answers(qmp, "query-sgx-capabilities"), displays,
                max == null ? List.of() : QemuCapsParser.featureNames(max));
    }

    private static JsonNode run(QmpClient qmp, String command, Map<String, ?> args) {
        return qmp.execute(command, args == null ? null : (ObjectNode) MAPPER.valueToTree(args), ANSWER);
    }

    /** A model's expansion, or null when QEMU cannot expand it. */
    private static JsonNode expand(QmpClient qmp, String type, String model) {
        try {
            return run(qmp, "query-cpu-model-expansion", Map.of("type", type, "model", Map.of("name", model)));
        } catch (QmpException e) {
            if (e.kind() == QmpException.Kind.COMMAND_FAILED) {
                return null;
            }
            throw e;
        }
    }

    /** Whether a query succeeds (SEV and SGX answer an error where they are not available). */
    private static boolean answers(QmpClient qmp, String command) {
        try {
            run(qmp, command, null);
            return true;
        } catch (QmpException e) {
            if (e.kind() == QmpException.Kind.COMMAND_FAILED) {
                return false;
            }
            throw e;
        }
    }

    private static void quit(QmpClient qmp) {
        try {
            qmp.execute("quit", null, ANSWER);
        } catch (QmpException e) {
            // QEMU may close the socket before it answers; stop() below makes sure it ended
        }
    }

    private static void stop(Process process) {
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String lastWords(Path log) {
        try {
            String text = Files.readString(log).strip();
            return text.isEmpty() ? "" : " (QEMU said: " + text.lines().reduce((a, b) -> b).orElse("") + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover in the daemon's own cache directory is harmless
        }
    }
}
