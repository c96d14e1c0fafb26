package io.jvirt.image.foreign;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The sample images of QEMU's own tests (test resources under {@code qemu-samples}), unpacked
 * with {@code bzcat} from the Debian package bzip2; a missing tool fails the test.
 */
public final class QemuSamples {

    private QemuSamples() {
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
        try (InputStream in = QemuSamples.class.getResourceAsStream("/qemu-samples/" + name + ".bz2")) {
            if (in == null) {
                throw new AssertionError("The test resource qemu-samples/" + name + ".bz2 is missing.");
            }
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
