package io.jvirt.image.foreign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code qemu-img} (Debian package qemu-utils) as the reference peer. A
 * missing binary fails the test with an installation hint; tests never skip.
 */
public final class QemuImg {

    /**
     * One entry of {@code qemu-img map --output=json}.
     *
     * @param start  guest offset
     * @param length bytes
     * @param data   whether the image stores data there
     */
    public record MapEntry(long start, long length, boolean data) {
    }

    private static final Pattern VIRTUAL_SIZE = Pattern.compile("\"virtual-size\":\\s*(\\d+)");
    private static final Pattern MAP_ENTRY = Pattern.compile(
            "\"start\":\\s*(\\d+),\\s*\"length\":\\s*(\\d+),.*?\"data\":\\s*(true|false)");

    private QemuImg() {
    }

    /** Runs qemu-img with the arguments and returns its standard output. */
    public static String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("qemu-img");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("qemu-img did not finish within 60 seconds: " + command);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("qemu-img failed with exit code " + process.exitValue() + ": " + command
                        + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("qemu-img could not be started; install it with"
                    + " 'apt-get install qemu-utils': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for qemu-img.", e);
        }
    }

    /**
     * Converts a raw file to {@code format} with {@code -o options} (may be empty).
     *
     * @return {@code target}
     */
    public static Path convert(Path raw, Path target, String format, String options) {
        if (options.isEmpty()) {
            run("convert", "-q", "-f", "raw", "-O", format, raw.toString(), target.toString());
        } else {
            run("convert", "-q", "-f", "raw", "-O", format, "-o", options, raw.toString(), target.toString());
        }
        return target;
    }

    /** Returns the virtual size qemu-img reports when opening the image as {@code format}. */
    public static long virtualSize(Path image, String format) {
        Matcher m = VIRTUAL_SIZE.matcher(run("info", "-f", format, "--output=json", image.toString()));
        if (!m.find()) {
            throw new AssertionError("qemu-img info printed no virtual-size for " + image);
        }
        return Long.parseLong(m.group(1));
    }

    /** Returns the guest contents qemu-img reads from the image. */
    public static byte[] contents(Path image, String format, Path scratch) throws IOException {
        Path raw = scratch.resolve(image.getFileName() + ".qemu.raw");
        run("convert", "-q", "-f", format, "-O", "raw", image.toString(), raw.toString());
        return Files.readAllBytes(raw);
    }

    /** Returns qemu-img's allocation map of the image. */
    public static List<MapEntry> map(Path image, String format) {
        String json = run("map", "-f", format, "--output=json", image.toString());
        List<MapEntry> entries = new ArrayList<>();
        Matcher m = MAP_ENTRY.matcher(json);
        while (m.find()) {
            entries.add(new MapEntry(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Boolean.parseBoolean(m.group(3))));
        }
        return entries;
    }
}
