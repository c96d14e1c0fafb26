package io.jvirt.daemon.domain;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the helper processes of a domain (virtiofsd, swtpm, swtpm_setup) from argument arrays,
 * never through a shell, their output going to a log file. A seam: unit tests pass a fake.
 */
interface HelperLauncher {

    /**
     * Starts a long-running helper.
     *
     * @param argv the command, binary first
     * @param log the file its output goes to (appended)
     * @return the process, a child of the daemon
     * @throws IOException when it cannot be started (the binary is missing, for example)
     */
    Process start(List<String> argv, Path log) throws IOException;

    /**
     * Runs a helper to its end.
     *
     * @param argv the command
     * @param log the file its output goes to (appended)
     * @param timeout how long it may take
     * @return its exit status, or -1 when it was killed after the timeout
     * @throws IOException when it cannot be started
     * @throws InterruptedException when interrupted while waiting (the process is killed)
     */
    int run(List<String> argv, Path log, Duration timeout) throws IOException, InterruptedException;

    /** Real processes. */
    HelperLauncher SYSTEM = new HelperLauncher() {
        @Override
        public Process start(List<String> argv, Path log) throws IOException {
            return new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        }

        @Override
        public int run(List<String> argv, Path log, Duration timeout) throws IOException, InterruptedException {
            Process p = start(argv, log);
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                    return -1;
                }
                return p.exitValue();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                throw e;
            }
        }
    };
}
