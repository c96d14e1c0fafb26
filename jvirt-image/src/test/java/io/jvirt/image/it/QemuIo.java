package io.jvirt.image.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real qemu-io (Debian qemu-utils) to write guest data into test images. */
final class QemuIo {

    private QemuIo() {
    }

    static void ok(Path dir, String image, String... commands) {
        List<String> cmd = new ArrayList<>(List.of("qemu-io"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(image);
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("qemu-io " + String.join(" ", commands) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new AssertionError("qemu-io must be installed (apt-get install qemu-utils): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
