package io.jvirt.it.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * QEMU's own default of each device property, as the installed QEMU prints it
 * ({@code qemu-system-x86_64 -device DRIVER,help}: {@code ram_size=<uint32> - (default: 67108864)}),
 * so that a property one command line sets to QEMU's default and the other leaves unset compares
 * equal. These are the defaults of QEMU's newest machine type; a versioned machine type can change
 * some of them through its compatibility properties, which this does not model.
 */
final class QemuDefaults {

    private static final Pattern LINE = Pattern.compile("^\\s+([\\w.-]+)=<[^>]*>.*\\(default: (.*)\\)\\s*$");

    private final String binary;
    private final Map<String, Map<String, String>> byDriver = new ConcurrentHashMap<>();

    /**
     * Uses the given QEMU binary, which must exist (the check is real: it never turns into a skip).
     *
     * @param binary the path of qemu-system-x86_64
     */
    QemuDefaults(String binary) {
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException(binary + " is missing; install qemu-system-x86 (./test.sh does).");
        }
        this.binary = binary;
    }

    /** Asks QEMU about every driver at once, a few processes at a time. */
    void prefetch(Collection<String> drivers) {
        Semaphore slots = new Semaphore(4);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String d : drivers) {
                Future<?> unused = pool.submit(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        defaults(d);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
    }

    /** The default value of {@code property} of device {@code driver}, normalized; null when QEMU names none. */
    String of(String driver, String property) {
        return defaults(driver).get(property);
    }

    private Map<String, String> defaults(String driver) {
        return byDriver.computeIfAbsent(driver, this::ask);
    }

    private Map<String, String> ask(String driver) {
        Map<String, String> values = new HashMap<>();
        if (!driver.matches("[\\w.-]+")) {
            return values;
        }
        try {
            Process p = new ProcessBuilder(binary, "-nodefaults", "-device", driver + ",help")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            for (String line : out.split("\n")) {
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    values.put(m.group(1), OptionValue.normalize(m.group(2).strip()));
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking QEMU about " + driver, e);
        }
    }
}
