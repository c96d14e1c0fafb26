package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.FilesystemDef;
import io.jvirt.conf.domain.NetworkSource;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.conf.domain.TpmDef;
import io.jvirt.daemon.DaemonException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a definition needs from this host beyond its files, checked before anything is started
 * so that a start fails with a sentence naming what to install or configure and leaves nothing
 * behind: the helper programs (swtpm, virtiofsd), secrets jvirt cannot resolve yet (it has no
 * secret store), a host TPM or NVMe controller, the servers of vhost-user and NBD disks, and the
 * features jvirt does not provide at start yet (transient disks, NBD over TLS, a qemu-pr-helper of
 * its own). Every problem is reported at once. The host is reached through {@link Host}, a seam.
 */
final class StartChecks {

    /** What the checks ask of the host. */
    interface Host {
        /** Whether a program is installed: an absolute path that is executable, or a name found on PATH. */
        boolean hasProgram(String program);

        /** Whether a path exists. */
        boolean exists(Path path);

        /** The driver a host PCI device is bound to, or null (none, or no such device). */
        String pciDriver(String pciName);

        /** Whether something accepts connections on a Unix socket. */
        boolean listensUnix(Path socket);

        /** Whether something accepts TCP connections on host:port within a short time. */
        boolean listensTcp(String host, int port);

        /**
         * Whether QEMU can load a block driver built as a module ({@code block-curl} for http(s)
         * and ftp(s), {@code block-iscsi}, ...): true when the module is in QEMU's module directory,
         * or when there is no such directory (a QEMU with every driver built in).
         */
        boolean hasQemuBlockModule(String module);

        /** The real host. */
        Host SYSTEM = new Host() {
            @Override
            public boolean hasProgram(String program) {
                if (program.startsWith("/")) {
                    return Files.isExecutable(Path.of(program));
                }
                String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
                for (String dir : path.split(":")) {
                    if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public boolean exists(Path path) {
                return Files.exists(path);
            }

            @Override
            public String pciDriver(String pciName) {
                Path link = Path.of("/sys/bus/pci/devices", pciName, "driver");
                try {
                    return Files.isSymbolicLink(link) ? Files.readSymbolicLink(link).getFileName().toString() : null;
                } catch (IOException e) {
                    return null;
                }
            }

            @Override
            public boolean listensUnix(Path socket) {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    return ch.connect(UnixDomainSocketAddress.of(socket));
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public boolean hasQemuBlockModule(String module) {
                Path dir = Path.of("/usr/lib/x86_64-linux-gnu/qemu");
                return !Files.isDirectory(dir) || Files.exists(dir.resolve(module + ".so"));
            }

            @Override
            public boolean listensTcp(String host, int port) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), 2000);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            }
        };
    }

    private StartChecks() {
    }

    /**
     * Checks a live definition (volumes resolved) before its start.
     *
     * @param def the definition
     * @param host the host
     * @param virtiofsd the virtiofsd a share would run
     * @throws DaemonException listing every problem when the domain cannot start here
     */
    static void check(DomainDef def, Host host, Function<FilesystemDef, String> virtiofsd) {
        List<String> problems = new ArrayList<>();
        for (DiskDef d : def.devices().disks()) {
            disk(d, host, problems);
        }
        for (FilesystemDef f : def.devices().filesystems()) {
            if (f.needsVirtiofsd()) {
                String bin = virtiofsd.apply(f);
                if (!host.hasProgram(bin)) {
                    problems.add("the virtiofs share '" + f.targetDir() + "' needs virtiofsd (" + bin + "), which is "
                            + "not installed; install Debian's qemu-system-common package (or the virtiofsd package) "
                            + "or name another with <binary path>");
                }
            } else if (f.sourceSocket() != null && !host.listensUnix(Path.of(f.sourceSocket()))) {
                problems.add("no virtiofsd listens on " + f.sourceSocket() + " for the share '" + f.targetDir()
                        + "'; start it first");
            }
        }
        TpmDef tpm = def.devices().tpm();
        if (tpm != null) {
            tpm(tpm, host, problems);
        }
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + def.name() + "' cannot start: "
                    + String.join("; ", problems) + ".");
        }
    }

    private static void disk(DiskDef d, Host host, List<String> problems) {
        String dev = d.target().dev();
        for (StorageSource s : d.layers()) {
            if (s.auth() != null) {
                problems.add("disk " + dev + " logs in with the secret " + s.auth().secret().describe()
                        + ", and jvirt cannot resolve secrets yet (it has no secret store); remove the <auth>");
            }
            if (s.encryption() != null) {
                for (var ref : s.encryption().secrets()) {
                    problems.add("disk " + dev + " is encrypted with the passphrase of secret " + ref.describe()
                            + ", and jvirt cannot resolve secrets yet (it has no secret store); use an unencrypted "
                            + "image");
                }
            }
            if (s.location() instanceof NetworkSource n) {
                network(dev, n, host, problems);
            }
            if (s.reservations() != null && s.reservations().managed()) {
                problems.add("the LUN " + dev + " asks jvirt to run a qemu-pr-helper (<reservations managed='yes'>), "
                        + "which it does not do yet; run qemu-pr-helper yourself and name its socket with "
                        + "managed='no'");
            }
            if (s.reservations() != null && !s.reservations().managed()
                    && !host.listensUnix(Path.of(s.reservations().path()))) {
                problems.add("no qemu-pr-helper listens on " + s.reservations().path() + " for the LUN " + dev
                        + "; start it first");
            }
        }
        switch (d.location()) {
            case DiskSource.Nvme n -> {
                String pci = n.pciName();
                String driver = host.pciDriver(pci);
                if (!host.exists(Path.of("/sys/bus/pci/devices", pci))) {
                    problems.add("disk " + dev + " uses the NVMe controller " + pci + ", which this host does not "
                            + "have; see lspci -D");
                } else if (!"vfio-pci".equals(driver)) {
                    problems.add("disk " + dev + " uses the NVMe controller " + pci + ", which is bound to "
                            + (driver == null ? "no driver" : driver) + "; jvirt does not detach host devices yet: "
                            + "bind it to vfio-pci first (driverctl set-override " + pci + " vfio-pci)");
                }
            }
            case DiskSource.VhostUser v -> {
                if (!host.listensUnix(Path.of(v.path()))) {
                    problems.add("no vhost-user server listens on " + v.path() + " for disk " + dev
                            + "; start it first (qemu-storage-daemon --export type=vhost-user-blk,...)");
                }
            }
            case DiskSource.File f -> { }
            case DiskSource.Block b -> { }
            case DiskSource.Dir x -> { }
            case DiskSource.Volume v -> { }
            case NetworkSource n -> { }
        }
        if (d.transientDisk() != null) {
            problems.add("disk " + dev + " is <transient/>, and jvirt does not create throw-away overlays yet; remove "
                    + "<transient/> (or give the guest an overlay: jvirt vol-create-as --backing-vol)");
        }
    }

    private static void network(String dev, NetworkSource n, Host host, List<String> problems) {
        if (Boolean.TRUE.equals(n.tls())) {
            problems.add("disk " + dev + " asks for NBD over TLS, and jvirt has no TLS certificate configuration for "
                    + "NBD yet; remove tls='yes'");
        }
        String module = switch (n.protocol()) {
            case HTTP, HTTPS, FTP, FTPS -> "block-curl";
            case ISCSI -> "block-iscsi";
            case RBD -> "block-rbd";
            case GLUSTER -> "block-gluster";
            case SSH -> "block-ssh";
            case NFS -> "block-nfs";
            case NBD, SHEEPDOG, TFTP, VXHS -> null;
        };
        if (module != null && !host.hasQemuBlockModule(module)) {
            problems.add("disk " + dev + " uses the " + n.protocol().xml() + " protocol, whose QEMU driver ("
                    + module + ") is not installed; install Debian's qemu-block-extra package");
        }
        if (n.protocol() != NetworkSource.Protocol.NBD) {
            return;
        }
        for (NetworkSource.Host h : n.hosts()) {
            boolean up = switch (h.transport()) {
                case UNIX -> host.listensUnix(Path.of(h.socket()));
                case TCP -> host.listensTcp(h.name(), h.port() == null ? 10809 : h.port());
                case RDMA -> true;
            };
            if (!up) {
                String where = h.transport() == NetworkSource.Transport.UNIX ? h.socket() : h.name() + ":" + h.port();
                problems.add("no NBD server is reachable at " + where + " for disk " + dev + "; start it (for "
                        + "example qemu-nbd) or fix its <host>");
            }
        }
    }

    private static void tpm(TpmDef tpm, Host host, List<String> problems) {
        switch (tpm.backend()) {
            case TpmDef.Emulator e -> {
                Predicate<String> missing = p -> !host.hasProgram(p);
                if (missing.test("swtpm") || missing.test("swtpm_setup")) {
                    problems.add("its emulated TPM needs swtpm and swtpm_setup, which are not installed; install "
                            + "Debian's swtpm and swtpm-tools packages");
                }
                if (e.encryptionSecret() != null) {
                    problems.add("its TPM state is encrypted with secret with UUID " + e.encryptionSecret()
                            + ", and jvirt cannot resolve secrets yet (it has no secret store); remove <encryption>");
                }
            }
            case TpmDef.Passthrough p -> {
                if (!host.exists(Path.of(p.device()))) {
                    problems.add("its TPM passes through " + p.device() + ", which this host does not have");
                } else {
                    String cancel = "/sys/class/tpm/" + Path.of(p.device()).getFileName() + "/device/cancel";
                    if (!host.exists(Path.of(cancel))) {
                        problems.add("the host TPM " + p.device() + " has no " + cancel + ", which QEMU needs to pass "
                                + "it through");
                    }
                }
            }
            case TpmDef.External x -> {
                if (!host.listensUnix(Path.of(x.socket()))) {
                    problems.add("no swtpm listens on " + x.socket() + " for its external TPM; start it first");
                }
            }
        }
    }
}
