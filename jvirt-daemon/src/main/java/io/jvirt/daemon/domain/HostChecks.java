package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.host.HostFacts;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of a definition against this host, made before anything is changed so that a
 * failure leaves nothing half-done and names the exact problem.
 */
final class HostChecks {
    private HostChecks() {
    }

    /** At define time: what can never work on this host. */
    static void atDefine(DomainDef def, HostFacts host) {
        if (def.memoryKiB() > host.memoryKiB()) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + def.name() + "' asks for "
                    + mib(def.memoryKiB()) + " MiB of memory but this host has only " + mib(host.memoryKiB())
                    + " MiB; lower <memory>.");
        }
    }

    /** Before starting QEMU: every file the guest needs exists and is usable. */
    static void beforeStart(DomainDef def) {
        for (DefFacts.HostFile f : DefFacts.hostFiles(def)) {
            Path p = Path.of(f.path());
            if (!Files.exists(p)) {
                throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + def.name() + "' cannot start: "
                        + f.what() + " " + p + " does not exist; " + f.ifMissing() + ".");
            }
            if (!Files.isReadable(p)) {
                throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + def.name() + "' cannot start: "
                        + f.what() + " " + p + " is not readable by jvirtd (running as "
                        + System.getProperty("user.name") + "); fix its owner or mode.");
            }
            if (f.writable() && !Files.isWritable(p)) {
                throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + def.name() + "' cannot start: "
                        + f.what() + " " + p + " is not writable by jvirtd (running as "
                        + System.getProperty("user.name") + "); fix its owner or mode, or mark the disk <readonly/>.");
            }
        }
    }

    private static long mib(long kib) {
        return kib / 1024;
    }
}
