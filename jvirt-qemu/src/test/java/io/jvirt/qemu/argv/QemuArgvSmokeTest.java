package io.jvirt.qemu.argv;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.domain.AudioDef;
import io.jvirt.conf.domain.ChannelDef;
import io.jvirt.conf.domain.CharBackend;
import io.jvirt.conf.domain.CharSource;
import io.jvirt.conf.domain.ConsoleDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskDriver;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.FilesystemDef;
import io.jvirt.conf.domain.NetworkSource;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.conf.domain.OsDef;
import io.jvirt.conf.domain.ParallelDef;
import io.jvirt.conf.domain.RedirdevDef;
import io.jvirt.conf.domain.SerialDef;
import io.jvirt.conf.domain.ShmemDef;
import io.jvirt.conf.domain.SysinfoDef;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every golden argv through the real {@code qemu-system-x86_64} to prove QEMU accepts
 * it: host paths are mapped into a temporary directory (images created with qemu-img, a
 * fake bzImage for direct kernel boot, block devices mapped to /dev/null), QEMU is started
 * paused, and the test waits until QMP answers {@code query-status} (which QEMU only does
 * once every option and device is realised) and then sends {@code quit}. Skipped when QEMU
 * is not installed. Cases written for KVM run under KVM only where {@link HostAccel} says KVM
 * really works on this host, so the test passes whatever CPU and nested KVM the machine has.
 */
@EnabledIf("qemuAvailable")
class QemuArgvSmokeTest {

    private static final String QEMU = "/usr/bin/qemu-system-x86_64";
    private static final String QEMU_IMG = "/usr/bin/qemu-img";

    static boolean qemuAvailable() {
        return Files.isExecutable(Path.of(QEMU)) && Files.isExecutable(Path.of(QEMU_IMG));
    }

    /**
     * Golden cases QEMU cannot start on this machine, by name and why. They stay golden-tested
     * against their argv files; what their host side needs is tested where it can run: NBD and
     * HTTP disks in jvirt-it's NetworkDiskIT, swtpm and virtiofsd here, host devices in the daemon
     * against a fake sysfs and, for macvtap, for real in jvirt-it's HostInterfacesIT.
     */
    static final Map<String, String> CANNOT_RUN_HERE = Map.of(
            "disk-network-remote-tcg", "iSCSI, HTTPS, FTP, RBD, Gluster, SSH and NFS servers on other hosts",
            "disk-lun-nvme-vhostuser-tcg", "a SCSI generic device, an NVMe controller bound to vfio-pci, a "
                    + "qemu-pr-helper and a vhost-user-blk server",
            "tpm-passthrough-tcg", "a host TPM",
            "hostdev-all", "VFIO, USB and SCSI passthrough need the host's devices, an IOMMU and the vfio "
                    + "modules; this machine has none of them (CONFIG_VFIO is off, no IOMMU groups)",
            "net-direct-vdpa", "a macvtap card needs the descriptor jvirtd opens and passes (HostInterfacesIT "
                    + "runs one), and this host has no vhost-vdpa device",
            "vsock-pc", "vhost-vsock needs /dev/vhost-vsock (CONFIG_VHOST_VSOCK is off here), and the "
                    + "ivshmem-doorbell devices need an ivshmem server");

    /**
     * Every golden argv except those above and the {@code hosthw-} cases, which need host hardware
     * this kind of machine has no equivalent of: evdev input devices, a DRM render node for OpenGL,
     * an X display for SDL, a vhost-user-gpu process and a PulseAudio server (the daemon's start
     * checks refuse them on such a host, with the package or device to provide).
     */
    static Stream<String> cases() {
        return ArgvCases.names().filter(n -> !ArgvCases.expectsError(n) && !n.startsWith("hosthw-"))
                .filter(n -> !CANNOT_RUN_HERE.containsKey(n));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void qemuAcceptsArgv(String name, @TempDir Path tmp) throws Exception {
        DomainDef def = ArgvCases.definition(name);
        Accel accel = ArgvCases.accel(name);
        boolean secureBoot = def.os().loader() != null && Boolean.TRUE.equals(def.os().loader().secure());
        if (accel == Accel.KVM && (!HostAccel.kvmWorks() || secureBoot)) {
            // KVM cases run under KVM only where the real probe proved that KVM boots a guest:
            // on nested hosts QEMU aborts (AMD: "failed to set MSR 0x10a") or hangs (Intel) with
            // accel=kvm, and the daemon falls back to TCG there too. Nested KVM often lacks SMM,
            // which Secure Boot needs; TCG always has it.
            accel = Accel.TCG;
        }
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path host = tmp.resolve("h");
        Map<String, String> paths = new LinkedHashMap<>();
        List<ServerSocketChannel> listeners = new ArrayList<>();
        List<String> loops = new ArrayList<>();
        String netns = null;
        List<ServerSocketChannel> tcpListeners = new ArrayList<>();
        // huge page directories on an ordinary file system: QEMU maps its files there the same way
        MemoryPaths memory = ArgvCases.memory(host.resolve("dev"), run, name);
        LaunchContext golden = ArgvCases.context(name);
        LaunchContext ctx = new LaunchContext(run, accel, QEMU).withMemory(memory)
                .withHost(ArgvCases.context(name, def).host()).withClock(golden.clock(), golden.hostSmbios());
        try (SmokeServers servers = new SmokeServers()) {
            for (InterfaceDef n : def.devices().interfaces()) {
                if (n.backend() instanceof NetBackend.Socket sock && sock.kind() == NetBackend.SocketKind.CLIENT) {
                    // QEMU connects at start: something must listen
                    ServerSocketChannel l = ServerSocketChannel.open();
                    l.bind(new InetSocketAddress(sock.address().toString(), sock.port()));
                    tcpListeners.add(l);
                }
            }
            prepare(def, host, paths, listeners, loops, servers);
            for (Path dir : memory.hugepageDirs().values()) {
                Files.createDirectories(dir);
            }
            Files.createDirectories(memory.backingDir());
            servers.virtiofs(def, ctx, host, paths);
            servers.tpm(def, ctx, host, paths);
            QemuArgv.Plan plan = QemuArgv.plan(def, ctx);
            for (Map.Entry<Path, String> f : plan.files().entrySet()) {
                Files.createDirectories(f.getKey().getParent());
                Files.writeString(f.getKey(), f.getValue());
            }
            List<String> argv = new ArrayList<>(plan.argv());
            argv.set(0, QEMU);
            argv.replaceAll(arg -> rewrite(arg, paths));
            if (argv.stream().anyMatch(a -> a.startsWith("tap,"))) {
                // QEMU creates the named taps itself when they do not exist: keep them off the host
                netns = "jvsmoke" + ProcessHandle.current().pid();
                new ProcessBuilder("ip", "netns", "add", netns).start().waitFor();
                argv.addAll(0, List.of("ip", "netns", "exec", netns));
            }
            runQemu(argv, run, tmp);
        } finally {
            for (ShmemDef s : def.devices().shmems()) {
                // QEMU creates the shared memory file of an ivshmem-plain device and leaves it
                Files.deleteIfExists(Path.of("/dev/shm", s.name()));
            }
            for (ServerSocketChannel l : tcpListeners) {
                l.close();
            }
            if (netns != null) {
                new ProcessBuilder("ip", "netns", "del", netns).start().waitFor();
            }
            for (ServerSocketChannel l : listeners) {
                l.close();
            }
            for (String loop : loops) {
                new ProcessBuilder("losetup", "-d", loop).start().waitFor();
            }
        }
    }

    private static void prepare(DomainDef def, Path host, Map<String, String> paths,
                                List<ServerSocketChannel> listeners, List<String> loops, SmokeServers servers)
            throws IOException, InterruptedException {
        for (DiskDef d : def.devices().disks()) {
            boolean direct = d.driver().cache() == DiskDriver.Cache.NONE
                    || d.driver().cache() == DiskDriver.Cache.DIRECTSYNC;
            for (StorageSource layer : d.layers()) {
                switch (layer.location()) {
                    case DiskSource.Block b -> {
                        if (b.dev() != null && !paths.containsKey(b.dev())) {
                            paths.put(b.dev(), direct ? loopDevice(host, loops) : "/dev/null");
                        }
                    }
                    case DiskSource.Dir dir -> {
                        if (dir.dir() != null) {
                            Files.createDirectories(map(host, dir.dir(), paths));
                        }
                    }
                    case DiskSource.File f -> {
                        image(host, f.path(), layer.format(), paths);
                        if (layer.slice() != null) {
                            // the slice lies inside the file: make the file that long
                            extend(Path.of(paths.get(f.path())), layer.slice().offset() + layer.slice().size() + 4096);
                        }
                    }
                    case DiskSource.Volume v -> image(host, v.file(), layer.format(), paths);
                    case NetworkSource n -> servers.nbd(n, host, paths);
                    case DiskSource.Nvme _, DiskSource.VhostUser _ -> {
                        // kept out of the smoke run by NEEDS_HARDWARE
                    }
                }
            }
        }
        for (FilesystemDef f : def.devices().filesystems()) {
            if (f.sourceDir() != null) {
                Files.createDirectories(map(host, f.sourceDir(), paths));
            }
        }
        OsDef os = def.os();
        if (os.loader() != null) {
            boolean pflash = os.loader().type() == OsDef.Loader.Type.PFLASH;
            sized(map(host, os.loader().path(), paths), pflash ? 4 << 20 : 256 << 10);
        }
        if (os.nvram() != null) {
            sized(map(host, os.nvram().path(), paths), 4 << 20);
        }
        if (os.kernel() != null) {
            Files.write(map(host, os.kernel(), paths), fakeBzImage());
        }
        if (os.initrd() != null) {
            sized(map(host, os.initrd(), paths), 4096);
        }
        if (os.dtb() != null) {
            sized(map(host, os.dtb(), paths), 4096);
        }
        if (os.acpiSlic() != null) {
            Files.write(map(host, os.acpiSlic(), paths), fakeSlicTable());
        }
        for (SysinfoDef s : def.sysinfo()) {
            if (s instanceof SysinfoDef.FwCfg f) {
                for (SysinfoDef.FwCfgEntry e : f.entries()) {
                    if (e.file() != null) {
                        sized(map(host, e.file(), paths), 64);
                    }
                }
            }
        }
        List<CharSource> chars = new ArrayList<>();
        def.devices().serials().stream().map(SerialDef::source).forEach(chars::add);
        def.devices().parallels().stream().map(ParallelDef::source).forEach(chars::add);
        def.devices().consoles().stream().map(ConsoleDef::source).forEach(chars::add);
        def.devices().channels().stream().map(ChannelDef::source).forEach(chars::add);
        def.devices().redirdevs().stream().map(RedirdevDef::source).forEach(chars::add);
        def.devices().smartcards().stream().filter(c -> c.passthrough() != null)
                .forEach(c -> chars.add(c.passthrough()));
        for (CharSource s : chars) {
            if (s.log() != null) {
                map(host, s.log().file(), paths);
            }
            if (s.path() != null) {
                Path p = map(host, s.path(), paths);
                if (s.backend() instanceof CharBackend.Unix u && u.mode() == CharSource.Mode.CONNECT
                        && !Files.exists(p)) {
                    ServerSocketChannel l = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                    l.bind(UnixDomainSocketAddress.of(p));
                    listeners.add(l);
                }
                if (s.backend() instanceof CharBackend.Pipe) {
                    exec(List.of("mkfifo", p + ".in", p + ".out"));
                }
            }
        }
        for (AudioDef a : def.devices().audios()) {
            if (a.path() != null) {
                map(host, a.path(), paths);
            }
        }
        for (GraphicsDef g : def.devices().graphics()) {
            List<GraphicsDef.Listen> listens = switch (g) {
                case GraphicsDef.Vnc v -> v.listens();
                case GraphicsDef.Spice s -> s.listens();
                case GraphicsDef.Sdl s -> List.of();
                case GraphicsDef.EglHeadless e -> List.of();
                case GraphicsDef.Dbus d -> List.of();
            };
            for (GraphicsDef.Listen l : listens) {
                if (l.socket() != null) {
                    map(host, l.socket(), paths);
                }
            }
        }
    }

    private static void image(Path host, String path, DiskFormat format, Map<String, String> paths)
            throws IOException, InterruptedException {
        if (path == null || paths.containsKey(path)) {
            return;
        }
        Path p = map(host, path, paths);
        String f = format == null || format == DiskFormat.FAT ? "raw" : format.qemuDriver();
        exec(List.of(QEMU_IMG, "create", "-q", "-f", f, p.toString(), "1M"));
    }

    /** Replaces every mapped host path, raw or comma-escaped, in one left-to-right pass. */
    private static String rewrite(String arg, Map<String, String> paths) {
        Map<String, String> forms = new LinkedHashMap<>();
        paths.forEach((from, to) -> {
            forms.put(from.replace(",", ",,"), to);
            forms.put(from, to);
        });
        String alternation = forms.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(java.util.regex.Pattern::quote).collect(java.util.stream.Collectors.joining("|"));
        if (alternation.isEmpty()) {
            return arg;
        }
        return java.util.regex.Pattern.compile(alternation).matcher(arg)
                .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(forms.get(m.group())));
    }

    /**
     * Returns a loop device over a small file, since O_DIRECT needs a real block device
     * (/dev/null refuses it); skips the case when loop devices are not available.
     */
    private static String loopDevice(Path host, List<String> loops) throws IOException, InterruptedException {
        Path backing = Files.createDirectories(host).resolve("loop" + loops.size() + ".img");
        sized(backing, 1 << 20);
        Process p = new ProcessBuilder("losetup", "--find", "--show", backing.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        Assumptions.assumeTrue(p.waitFor() == 0 && out.startsWith("/dev/loop"),
                "a loop device is needed for a block disk with O_DIRECT: " + out);
        loops.add(out);
        return out;
    }

    /** Maps a host path into the temporary tree, creating its parent directory. */
    private static Path map(Path host, String path, Map<String, String> paths) throws IOException {
        Path p = host.resolve(path.substring(1).replace(",", "_"));
        Files.createDirectories(p.getParent());
        paths.put(path, p.toString());
        return p;
    }

    private static void sized(Path p, long size) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(new byte[] {0}), size - 1);
        }
    }

    /** Makes a file at least {@code size} bytes long, keeping what it holds. */
    private static void extend(Path p, long size) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
            if (ch.size() < size) {
                ch.write(ByteBuffer.wrap(new byte[] {0}), size - 1);
            }
        }
    }

    /** An ACPI table with a header QEMU accepts for {@code -acpitable}: signature, length, revision, checksum. */
    private static byte[] fakeSlicTable() {
        byte[] t = new byte[36 + 16];
        ByteBuffer b = ByteBuffer.wrap(t).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(0, "SLIC".getBytes(StandardCharsets.US_ASCII));
        b.putInt(4, t.length);
        b.put(8, (byte) 1);
        int sum = 0;
        for (byte x : t) {
            sum += x;
        }
        t[9] = (byte) -sum;
        return t;
    }

    /** A file with just enough of a Linux boot-protocol 2.06 header for QEMU to load it. */
    private static byte[] fakeBzImage() {
        byte[] k = new byte[5 * 512 + 4096];
        ByteBuffer b = ByteBuffer.wrap(k).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(0x1f1, (byte) 4);
        b.putShort(0x1fe, (short) 0xaa55);
        b.putInt(0x202, 0x53726448);
        b.putShort(0x206, (short) 0x0206);
        b.put(0x211, (byte) 0x01);
        b.putInt(0x22c, 0x37ffffff);
        b.putInt(0x238, 2048);
        return k;
    }

    private static void exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    private static void runQemu(List<String> argv, Path run, Path tmp) throws Exception {
        Path stderr = tmp.resolve("stderr.txt");
        Process qemu = new ProcessBuilder(argv).redirectError(stderr.toFile())
                .redirectOutput(tmp.resolve("stdout.txt").toFile()).start();
        try {
            Path qmp = run.resolve("qmp.sock");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            String status = null;
            while (System.nanoTime() < deadline && qemu.isAlive() && status == null) {
                if (Files.exists(qmp)) {
                    status = queryStatusAndQuit(qmp);
                } else {
                    Thread.sleep(20);
                }
            }
            String err = Files.exists(stderr) ? Files.readString(stderr) : "";
            assertThat(status).as("QMP query-status; argv:\n" + String.join(" ", argv) + "\nstderr:\n" + err)
                    .isNotNull().contains("\"status\"");
            assertThat(qemu.waitFor(10, TimeUnit.SECONDS)).as("QEMU quits").isTrue();
            err = Files.readString(stderr);
            assertThat(err.toLowerCase(Locale.ROOT)).as("stderr of\n" + String.join(" ", argv))
                    .doesNotContain("error").doesNotContain("invalid");
        } finally {
            qemu.destroyForcibly();
            qemu.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Returns the query-status reply, or null when the socket is not accepting yet. */
    private static String queryStatusAndQuit(Path qmp) throws IOException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(qmp));
        } catch (IOException notYet) {
            return null;
        }
        try (ch) {
            readLine(ch);
            send(ch, "{\"execute\":\"qmp_capabilities\"}");
            readReply(ch);
            send(ch, "{\"execute\":\"query-status\"}");
            String status = readReply(ch);
            send(ch, "{\"execute\":\"quit\"}");
            readReply(ch);
            return status;
        } catch (IOException qemuWentAway) {
            return null;
        }
    }

    private static void send(SocketChannel ch, String json) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static String readReply(SocketChannel ch) throws IOException {
        while (true) {
            String line = readLine(ch);
            if (line.contains("\"return\"") || line.contains("\"error\"")) {
                return line;
            }
        }
    }

    private static String readLine(SocketChannel ch) throws IOException {
        StringBuilder sb = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (ch.read(one) < 0) {
                throw new IOException("QMP closed the connection after: " + sb);
            }
            char c = (char) one.get(0);
            if (c == '\n') {
                return sb.toString();
            }
            sb.append(c);
        }
    }
}
