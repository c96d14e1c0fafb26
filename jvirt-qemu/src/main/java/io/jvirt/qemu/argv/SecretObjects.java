package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DiskAuth;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskEncryption;
import io.jvirt.conf.domain.NetworkSource;
import io.jvirt.conf.domain.Reservations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code -object}s a disk's nodes refer to: {@code secret}s (a password, a key, HTTP
 * cookies) read by QEMU from files in the run directory, never from the command line, and
 * {@code pr-manager-helper}s. Objects are queued while a disk's nodes are built and put on the
 * command line before them ({@link #drainInto}). The files to write before QEMU starts are
 * collected in {@link #files()}: cookies today; a password or key needs a secret store, which
 * jvirt does not have yet, so the daemon refuses such a disk before it gets here.
 */
final class SecretObjects {

    private final Path runDir;
    private final List<String> pending = new ArrayList<>();
    private final Map<Path, String> files = new LinkedHashMap<>();
    private boolean managedHelper;

    SecretObjects(Path runDir) {
        this.runDir = runDir;
    }

    /** The directory secret files go to, private to the domain's run directory. */
    static Path secretDir(Path runDir) {
        return runDir.resolve("secrets");
    }

    /** The socket of the qemu-pr-helper jvirtd starts for a domain with managed reservations. */
    static Path prHelperSocket(Path runDir) {
        return runDir.resolve("pr-helper0.sock");
    }

    private String secret(String id) {
        Path file = secretDir(runDir).resolve(id);
        pending.add("-object");
        pending.add(Opts.of("secret").add("id", id).add("format", "raw").add("file", file).toString());
        return id;
    }

    /** Returns the secret object with the password or key of a network source, or null without auth. */
    String auth(String node, DiskAuth auth) {
        return auth == null ? null : secret(node + "-auth-secret0");
    }

    /** Returns the secret object with the passphrase of an encrypted layer. */
    String encryption(String node, DiskEncryption enc) {
        return secret(node + "-encryption-secret0");
    }

    /** Returns the secret object with an HTTP source's cookies (written to its file), or null without cookies. */
    String cookies(String node, NetworkSource n) {
        if (n.cookies().isEmpty()) {
            return null;
        }
        String id = secret(node + "-httpcookie-secret0");
        files.put(secretDir(runDir).resolve(id), n.cookies().stream().map(c -> c.name() + "=" + c.value())
                .collect(Collectors.joining("; ")));
        return id;
    }

    /** Returns the pr-manager object of a LUN with reservations. */
    String prManager(DiskDef d, Reservations r) {
        if (r.managed()) {
            if (!managedHelper) {
                managedHelper = true;
                pending.add("-object");
                pending.add(Opts.of("pr-manager-helper").add("id", "pr-helper0").add("path", prHelperSocket(runDir))
                        .toString());
            }
            return "pr-helper0";
        }
        String id = "pr-helper-" + d.target().dev();
        pending.add("-object");
        pending.add(Opts.of("pr-manager-helper").add("id", id).add("path", r.path()).toString());
        return id;
    }

    /** Moves the queued objects onto the command line. */
    void drainInto(List<String> argv) {
        argv.addAll(pending);
        pending.clear();
    }

    /** Returns the files to write (mode 0600) before QEMU starts, by path. */
    Map<Path, String> files() {
        return Map.copyOf(files);
    }
}
