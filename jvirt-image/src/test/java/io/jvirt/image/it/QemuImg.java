package io.jvirt.image.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real qemu-img (Debian qemu-utils), the engine's interoperability peer. */
final class QemuImg {

    /**
     * Result of one run.
     *
     * @param exit exit code
     * @param out standard output and error
     */
    record Run(int exit, String out) {
    }

    private QemuImg() {
    }

    static Run run(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("qemu-img");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("qemu-img " + String.join(" ", args) + " timed out");
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError("qemu-img must be installed (apt-get install qemu-utils): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Run ok(Path dir, String... args) {
        Run r = run(dir, args);
        if (r.exit() != 0) {
            throw new AssertionError("qemu-img " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.out());
        }
        return r;
    }
}
