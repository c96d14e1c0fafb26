package io.jvirt.daemon.domain;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.TpmDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.store.RunDirs;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Copies a domain's UEFI variable store and TPM state to its clone (jvirt clone). Each copy is
 * written under a temporary name, flushed and renamed into place; an existing store or state of
 * the clone is never overwritten.
 */
final class CloneState {
    private CloneState() {
    }

    static void copy(DomainObj from, DomainObj to, Path fromNvram, Path toNvram, DomainHelpers helpers) {
        DomainState s = from.status().state();
        if (s != DomainState.SHUTOFF && s != DomainState.PAUSED) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Domain '" + from.name() + "' is " + s.label()
                    + "; its NVRAM and TPM state can be copied only while it is shut off or paused.");
        }
        if (to.status().state() != DomainState.SHUTOFF) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Domain '" + to.name() + "' is "
                    + to.status().state().label() + "; state is copied only to a shut-off clone.");
        }
        Path nvramMade = null;
        try {
            if (fromNvram != null && toNvram != null && Files.isRegularFile(fromNvram, LinkOption.NOFOLLOW_LINKS)
                    && !fromNvram.equals(toNvram)) {
                if (Files.exists(toNvram, LinkOption.NOFOLLOW_LINKS)) {
                    throw new DaemonException(ErrorCode.ALREADY_EXISTS, "The UEFI variable store " + toNvram
                            + " of domain '" + to.name() + "' exists already; remove it or give the clone another "
                            + "NVRAM path.");
                }
                copyFile(fromNvram, toNvram);
                nvramMade = toNvram;
            }
            TpmDef tpm = from.currentDef().devices().tpm();
            if (helpers != null && tpm != null && tpm.backend() instanceof TpmDef.Emulator
                    && helpers.hasTpmState(from.uuid())) {
                copyTree(helpers.tpmRoot(from.uuid()), helpers.tpmRoot(to.uuid()));
            }
        } catch (IOException e) {
            if (nvramMade != null) {
                try {
                    Files.deleteIfExists(nvramMade);
                } catch (IOException ignored) {
                    // reported with the failure below
                }
            }
            throw new DaemonException(ErrorCode.INTERNAL, "The NVRAM or TPM state of domain '" + from.name()
                    + "' could not be copied to '" + to.name() + "': " + e.getMessage() + ".", e);
        }
    }

    private static void copyFile(Path src, Path dst) throws IOException {
        Path tmp = dst.resolveSibling("." + dst.getFileName() + ".jvirt-" + UUID.randomUUID());
        try {
            Files.copy(src, tmp, StandardCopyOption.COPY_ATTRIBUTES);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies a directory tree to {@code dst}, which must not exist: built beside it, renamed at the end. */
    private static void copyTree(Path src, Path dst) throws IOException {
        if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
            throw new DaemonException(ErrorCode.ALREADY_EXISTS, "The clone's TPM state " + dst + " exists already.");
        }
        Path tmp = dst.resolveSibling("." + dst.getFileName() + ".jvirt-" + UUID.randomUUID());
        try {
            List<Path> all;
            try (Stream<Path> walk = Files.walk(src)) {
                all = walk.toList();
            }
            for (Path p : all) {
                Path t = tmp.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                    Files.setPosixFilePermissions(t, Files.getPosixFilePermissions(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    copyFile(p, t);
                }
            }
            Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            RunDirs.remove(tmp);
        }
    }
}
