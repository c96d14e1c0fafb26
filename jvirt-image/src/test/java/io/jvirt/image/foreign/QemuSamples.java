package io.jvirt.image.foreign;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The sample images of QEMU's own tests ({@code tests/qemu-iotests/sample_images} of Debian's
 * qemu source package, fetched and cached by {@code scripts/qemu-samples.sh}, which test.sh
 * runs; the directory comes from the system property {@code jvirt.qemuSamples} or the
 * environment variable {@code JVIRT_QEMU_SAMPLES}), unpacked with {@code bzcat} from the Debian
 * package bzip2. A missing directory or tool fails the test: these images are the judge for
 * formats qemu-img cannot create.
 */
public final class QemuSamples {

    private QemuSamples() {
    }

    /** Returns the directory of QEMU's sample images; fails when it is not configured or absent. */
    static Path directory() {
        String configured = System.getProperty("jvirt.qemuSamples", System.getenv("JVIRT_QEMU_SAMPLES"));
        if (configured == null || configured.isBlank()) {
            throw new AssertionError("QEMU's sample images are not configured: run ./test.sh, or fetch them with "
                    + "scripts/qemu-samples.sh and pass -Djvirt.qemuSamples=DIR (or JVIRT_QEMU_SAMPLES=DIR).");
        }
        Path dir = Path.of(configured);
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("QEMU's sample images are configured at " + dir + ", which does not exist; "
                    + "fetch them with scripts/qemu-samples.sh.");
        }
        return dir;
    }

    /**
     * Unpacks {@code name.bz2} into {@code dir}.
     *
     * @param name the sample's file name without {@code .bz2}
     * @param dir where to put it
     * @return the unpacked file, named {@code name}
     */
    public static Path unpack(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        Path source = directory().resolve(name + ".bz2");
        if (!Files.isRegularFile(source)) {
            throw new AssertionError("QEMU's sample image " + source + " is missing.");
        }
        try (InputStream in = Files.newInputStream(source)) {
            Process p;
            try {
                p = new ProcessBuilder("bzcat").redirectOutput(target.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("bzcat could not be started; install it with 'apt-get install bzip2': "
                        + e.getMessage(), e);
            }
            try (OutputStream out = p.getOutputStream()) {
                in.transferTo(out);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("bzcat could not unpack " + name + ".bz2: "
                        + new String(p.getErrorStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (!Files.isRegularFile(target)) {
            throw new AssertionError("bzcat wrote no " + target);
        }
        return target;
    }
}
