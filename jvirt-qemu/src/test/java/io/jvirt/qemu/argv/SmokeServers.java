package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.FilesystemDef;
import io.jvirt.conf.domain.NetworkSource;
import io.jvirt.conf.domain.TpmDef;
import io.jvirt.qemu.helper.SwtpmCommand;
import io.jvirt.qemu.helper.VirtiofsdCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The servers a golden case's QEMU connects to at start, run on this host for the smoke test:
 * qemu-nbd on the Unix sockets of NBD disks, virtiofsd for virtiofs shares and swtpm for an
 * emulated or external TPM. Every process is stopped by {@link #close()}.
 */
final class SmokeServers implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();

    /** Serves each Unix-socket NBD host of the source with a small raw image. */
    void nbd(NetworkSource n, Path host, Map<String, String> paths) throws IOException, InterruptedException {
        if (n.protocol() != NetworkSource.Protocol.NBD) {
            return;
        }
        for (NetworkSource.Host h : n.hosts()) {
            if (h.transport() != NetworkSource.Transport.UNIX || paths.containsKey(h.socket())) {
                continue;
            }
            Path sock = mapSocket(host, h.socket(), paths);
            Path image = sock.resolveSibling(sock.getFileName() + ".img");
            run(List.of("qemu-img", "create", "-q", "-f", "raw", image.toString(), "1M"));
            List<String> cmd = new ArrayList<>(List.of("qemu-nbd", "--socket=" + sock, "--format=raw", "--persistent",
                    "--shared=8"));
            if (n.name() != null) {
                cmd.add("--export-name=" + n.name());
            }
            cmd.add(image.toString());
            start(cmd, sock);
        }
    }

    /** Starts a virtiofsd for each share jvirtd would serve, on the socket the argv names. */
    void virtiofs(DomainDef def, LaunchContext ctx, Path host, Map<String, String> paths)
            throws IOException, InterruptedException {
        List<FilesystemDef> fss = def.devices().filesystems();
        for (int i = 0; i < fss.size(); i++) {
            FilesystemDef f = fss.get(i);
            if (f.effectiveDriver() != FilesystemDef.Driver.VIRTIOFS) {
                continue;
            }
            Path sock;
            FilesystemDef served = f;
            if (f.sourceSocket() != null) {
                sock = mapSocket(host, f.sourceSocket(), paths);
                Path dir = Files.createDirectories(host.resolve("virtiofs" + i));
                served = new FilesystemDef(null, null, null, null, null, FilesystemDef.Driver.VIRTIOFS, null, null,
                        null, null, dir.toString(), null, f.targetDir(), false, null, null, null);
            } else {
                sock = ctx.virtiofsSocket(i);
                served = new FilesystemDef(f.accessMode(), null, null, null, null, f.driver(), null, f.queueSize(),
                        null, f.binary() == null ? null : new FilesystemDef.Binary(null, f.binary().xattr(),
                        f.binary().cache(), f.binary().sandbox(), f.binary().posixLock(), f.binary().flock(),
                        f.binary().threadPoolSize()), paths.get(f.sourceDir()), null, f.targetDir(), false, null,
                        null, null);
            }
            start(VirtiofsdCommand.argv(VirtiofsdCommand.DEFAULT_BINARY, served, sock), sock);
        }
    }

    /** Starts a swtpm for an emulated TPM (on the run directory's socket) or an external one. */
    void tpm(DomainDef def, LaunchContext ctx, Path host, Map<String, String> paths)
            throws IOException, InterruptedException {
        TpmDef tpm = def.devices().tpm();
        if (tpm == null) {
            return;
        }
        Path sock;
        TpmDef.Emulator emulator;
        switch (tpm.backend()) {
            case TpmDef.Emulator e -> {
                sock = ctx.swtpmSocket();
                emulator = e;
            }
            case TpmDef.External x -> {
                sock = mapSocket(host, x.socket(), paths);
                emulator = new TpmDef.Emulator(TpmDef.Version.V2_0, false, null, null);
            }
            case TpmDef.Passthrough p -> {
                return;
            }
        }
        Path state = Files.createDirectories(host.resolve("swtpm-state"));
        start(SwtpmCommand.run(emulator, sock, state, host.resolve("swtpm.log")), sock);
    }

    private static Path mapSocket(Path host, String socket, Map<String, String> paths) throws IOException {
        Path p = host.resolve("s" + paths.size() + ".sock");
        Files.createDirectories(p.getParent());
        paths.put(socket, p.toString());
        return p;
    }

    private void start(List<String> cmd, Path socket) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!Files.exists(socket)) {
            throw new IllegalStateException(String.join(" ", cmd) + " did not create " + socket);
        }
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
