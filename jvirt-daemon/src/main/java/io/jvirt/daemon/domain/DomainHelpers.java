package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.FilesystemDef;
import io.jvirt.conf.domain.TpmDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.store.PrivateFiles;
import io.jvirt.daemon.store.RunDirs;
import io.jvirt.qemu.argv.LaunchContext;
import io.jvirt.qemu.helper.SwtpmCommand;
import io.jvirt.qemu.helper.VirtiofsdCommand;
import io.jvirt.qemu.process.LogTail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The processes a domain needs beside QEMU, started before it and stopped with it: a virtiofsd
 * per virtiofs share and a swtpm for an emulated TPM, each listening on a socket in the run
 * directory. A TPM's state lives in {@code STATE/tpm/UUID/tpm2} (or {@code tpm1.2}), private to
 * the daemon; {@code swtpm_setup} creates it on the first start. Both helpers end by themselves
 * when QEMU disconnects; {@link Running#stop()} makes sure of it. A start that fails stops what it
 * started and removes a TPM state it had just begun to create, so nothing is left behind.
 */
final class DomainHelpers {
    private static final Logger LOG = Logger.getLogger(DomainHelpers.class.getName());
    private static final Duration SOCKET_WAIT = Duration.ofSeconds(15);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(120);

    private final Path tpmRoot;
    private final HelperLauncher launcher;
    private final String virtiofsd;

    /**
     * Creates the helper runner.
     *
     * @param stateDir the daemon's state directory (TPM states go to {@code tpm/} in it)
     * @param launcher how processes are run
     * @param virtiofsd the host's virtiofsd, used when a share names no {@code <binary path>}
     */
    DomainHelpers(Path stateDir, HelperLauncher launcher, String virtiofsd) {
        this.tpmRoot = stateDir.resolve("tpm");
        this.launcher = launcher;
        this.virtiofsd = virtiofsd;
    }

    /** The helpers of one start of a domain. */
    static final class Running {
        /** No helpers. */
        static final Running NONE = new Running(List.of());

        private final List<Process> processes;

        private Running(List<Process> processes) {
            this.processes = List.copyOf(processes);
        }

        /** Returns the helper processes, in start order. */
        List<Process> processes() {
            return processes;
        }

        /** Ends the helpers still running (they normally end with QEMU) and waits for them. Never throws. */
        void stop() {
            DomainHelpers.stop(processes);
        }
    }

    /** Returns the virtiofsd a share would run, for host checks. */
    String virtiofsdFor(FilesystemDef fs) {
        return VirtiofsdCommand.binary(fs, virtiofsd);
    }

    /**
     * Starts the helpers of a domain about to start.
     *
     * @param domain the domain name, for messages
     * @param uuid the domain UUID (names the TPM state)
     * @param def the live definition
     * @param ctx the launch context (the run directory and the sockets in it)
     * @return the running helpers
     * @throws DaemonException when one cannot start; nothing is left running
     */
    Running start(String domain, UUID uuid, DomainDef def, LaunchContext ctx) {
        List<Process> started = new ArrayList<>();
        Path newTpmState = null;
        try {
            List<FilesystemDef> fss = def.devices().filesystems();
            for (int i = 0; i < fss.size(); i++) {
                FilesystemDef fs = fss.get(i);
                if (!fs.needsVirtiofsd()) {
                    continue;
                }
                Path socket = ctx.virtiofsSocket(i);
                Path log = ctx.runDir().resolve("fs" + i + "-virtiofsd.log");
                List<String> argv = VirtiofsdCommand.argv(virtiofsdFor(fs), fs, socket);
                started.add(launch(domain, "the virtiofsd of filesystem '" + fs.targetDir() + "'", argv, log, socket));
            }
            TpmDef tpm = def.devices().tpm();
            if (tpm != null && tpm.backend() instanceof TpmDef.Emulator e) {
                Path state = tpmStateDir(uuid, e.version());
                if (!Files.exists(state.resolve(SwtpmCommand.stateFile(e.version())))) {
                    newTpmState = state;
                    setup(domain, uuid, e, state);
                }
                Path log = ctx.runDir().resolve("swtpm.log");
                started.add(launch(domain, "the swtpm of its TPM", SwtpmCommand.run(e, ctx.swtpmSocket(), state, log),
                        log, ctx.swtpmSocket()));
            }
            return started.isEmpty() ? Running.NONE : new Running(started);
        } catch (RuntimeException e) {
            stop(started);
            if (newTpmState != null) {
                removeHalfState(newTpmState);
            }
            throw e;
        }
    }

    private void setup(String domain, UUID uuid, TpmDef.Emulator e, Path state) {
        Path log = state.getParent().resolve("swtpm-setup.log");
        try {
            PrivateFiles.createDirectories(state);
            int status = launcher.run(SwtpmCommand.setup(e, state, domain + ":" + uuid, log), log, SETUP_TIMEOUT);
            if (status != 0) {
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + domain + "' failed to start: "
                        + "swtpm_setup could not create the TPM's state (exit status " + status + "): "
                        + LogTail.of(log, 3) + ".");
            }
        } catch (IOException ex) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "' cannot start: swtpm_setup "
                    + "could not be run (" + ex.getMessage() + "); install Debian's swtpm-tools package.", ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DaemonException(ErrorCode.INTERNAL, "domain '" + domain + "': interrupted while setting up "
                    + "its TPM.", ex);
        }
    }

    private Process launch(String domain, String what, List<String> argv, Path log, Path socket) {
        Process p;
        try {
            PrivateFiles.createFile(log);
            Files.deleteIfExists(socket);
            p = launcher.start(argv, log);
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "' cannot start: " + what
                    + " could not be run (" + argv.getFirst() + ": " + e.getMessage() + ").", e);
        }
        long deadline = System.nanoTime() + SOCKET_WAIT.toNanos();
        try {
            while (!Files.exists(socket)) {
                if (!p.isAlive()) {
                    throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + domain + "' failed to start: "
                            + what + " exited with status " + p.exitValue() + ": " + LogTail.of(log, 3) + ".");
                }
                if (System.nanoTime() > deadline) {
                    throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + domain + "' failed to start: "
                            + what + " did not create its socket " + socket + " within " + SOCKET_WAIT.toSeconds()
                            + " seconds.");
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(List.of(p));
            throw new DaemonException(ErrorCode.INTERNAL, "domain '" + domain + "': interrupted while starting "
                    + what + ".", e);
        } catch (RuntimeException e) {
            stop(List.of(p));
            throw e;
        }
        LOG.fine("domain " + domain + ": " + what + " runs as pid " + p.pid());
        return p;
    }

    private static void stop(List<Process> processes) {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /** Returns the directory holding a domain's TPM state for one TPM version. */
    Path tpmStateDir(UUID uuid, TpmDef.Version version) {
        return tpmRoot.resolve(uuid.toString()).resolve(switch (version) {
            case V1_2 -> "tpm1.2";
            case V2_0 -> "tpm2";
        });
    }

    /** Returns whether a domain has TPM state. */
    boolean hasTpmState(UUID uuid) {
        return Files.exists(tpmRoot.resolve(uuid.toString()));
    }

    /** Returns the directory holding all of a domain's TPM state. */
    Path tpmRoot(UUID uuid) {
        return tpmRoot.resolve(uuid.toString());
    }

    /**
     * Removes a domain's TPM state, as undefine does unless asked to keep it.
     *
     * @param uuid the domain UUID
     * @throws IOException when it cannot be removed
     */
    void removeTpmState(UUID uuid) throws IOException {
        RunDirs.remove(tpmRoot.resolve(uuid.toString()));
    }

    /** Removes a TPM state a failed first start began, and the domain's TPM directory when nothing else is in it. */
    private static void removeHalfState(Path state) {
        try {
            RunDirs.remove(state);
            Path parent = state.getParent();
            Files.deleteIfExists(parent.resolve("swtpm-setup.log"));
            try (var left = Files.list(parent)) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(parent);
                }
            }
        } catch (IOException e) {
            LOG.warning("cannot remove the half-made TPM state " + state + ": " + e.getMessage());
        }
    }
}
