package io.jvirt.qemu.probe;

import io.jvirt.qemu.argv.Accel;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether guests get KVM or TCG on this host by booting something under KVM,
 * because {@code /dev/kvm} being present and openable proves little.
 *
 * <p>Why booting: on nested hosts such as the {@code kvm_pvm} flavour, {@code /dev/kvm}
 * answers every ioctl, SeaBIOS runs (slowly: about 2.5 s instead of 0.1 s) and a 64-bit
 * payload loaded into RAM runs fine, yet Linux never gets past its decompressor. So the probe
 * decides with the first of these that applies:
 * <ol>
 *   <li>a configured override ({@code JVIRT_ACCEL=kvm|tcg}, see {@link Config#forcedBy}),
 *       which skips everything else;</li>
 *   <li>{@code /dev/kvm} must exist and open read-write, otherwise TCG;</li>
 *   <li>when a {@link TestGuest} is configured and its files exist: boot it under KVM and
 *       wait for its ready line for {@link Config#bootTimeout()} (3 s by default; a working
 *       KVM needs well under 1 s, TCG about 2.5 s). This is the check that really matters,
 *       since it runs what guests run;</li>
 *   <li>otherwise {@link ProbeFirmware}: a 64 KiB firmware that goes from the reset vector
 *       through protected mode (executing from ROM, as SeaBIOS and OVMF do) into 64-bit mode
 *       with paging, touches 16 MiB and exits QEMU with a known status, within
 *       {@link Config#payloadTimeout()} (2 s by default; a healthy KVM needs about 0.1 s).
 *       On {@code kvm_pvm} it hangs at the first protected-mode instruction fetched from ROM,
 *       so it tells this host apart even without a Linux kernel; when it passes the result
 *       says that Linux was not checked.</li>
 * </ol>
 *
 * <p>Both runs use {@code -cpu host}, the CPU a KVM domain gets for {@code host-passthrough} and
 * {@code host-model}: on some nested hosts (AMD EPYC under {@code kvm_pvm}) QEMU aborts at once
 * with that CPU ({@code failed to set MSR 0x10a}), and the probe then answers TCG in
 * milliseconds, quoting QEMU, instead of waiting for a timeout.
 *
 * <p>Cost: on this kind of host the first probe takes about 3 s with a test guest (the boot
 * times out) and about 2 s without; with a working KVM about 1 s or 0.2 s. The result is
 * cached in {@link Config#cacheFile()} under a key made of the host kernel release, QEMU's
 * version, whether {@code /dev/kvm} exists, the test guest's kernel (path, size,
 * modification time) and the probe's own version, so the daemon pays once (a cached answer
 * costs one {@code qemu --version}, about 25 ms); delete the file to probe again.
 *
 * <p>Threads: {@link #result()} blocks for the duration of the probe; call it from a virtual
 * thread. Instances are immutable and may be shared.
 */
public final class AccelProbe {
    private static final System.Logger LOG = System.getLogger(AccelProbe.class.getName());
    private static final String PROBE_VERSION = "2";
    /** The environment variable that forces an accelerator: {@code kvm}, {@code tcg} or {@code auto}. */
    public static final String ENV_OVERRIDE = "JVIRT_ACCEL";

    /**
     * What to probe with.
     *
     * @param qemu the QEMU binary (a name on PATH or a path)
     * @param kvmDevice the KVM device, normally {@code /dev/kvm}
     * @param guest the test guest to boot under KVM, when one is available
     * @param cacheFile where to keep the result between daemon runs; empty to probe every time
     * @param payloadTimeout how long the firmware payload may run under KVM
     * @param bootTimeout how long the test guest may take to print its ready line under KVM
     * @param forced an accelerator chosen by configuration; when present nothing is probed
     */
    public record Config(String qemu, Path kvmDevice, Optional<TestGuest> guest, Optional<Path> cacheFile,
                         Duration payloadTimeout, Duration bootTimeout, Optional<Accel> forced) {
        /** Checks that every part is present. */
        public Config {
            Objects.requireNonNull(qemu, "qemu");
            Objects.requireNonNull(kvmDevice, "kvmDevice");
            Objects.requireNonNull(guest, "guest");
            Objects.requireNonNull(cacheFile, "cacheFile");
            Objects.requireNonNull(payloadTimeout, "payloadTimeout");
            Objects.requireNonNull(bootTimeout, "bootTimeout");
            Objects.requireNonNull(forced, "forced");
        }

        /** Returns qemu-system-x86_64 from PATH, /dev/kvm, no guest, no cache, 2 s and 3 s, no override. */
        public static Config defaults() {
            return new Config("qemu-system-x86_64", Path.of("/dev/kvm"), Optional.empty(), Optional.empty(),
                    Duration.ofSeconds(2), Duration.ofSeconds(3), Optional.empty());
        }

        /** Returns this configuration with a test guest to boot. */
        public Config withGuest(TestGuest g) {
            return new Config(qemu, kvmDevice, Optional.of(g), cacheFile, payloadTimeout, bootTimeout, forced);
        }

        /** Returns this configuration with a cache file. */
        public Config withCacheFile(Path file) {
            return new Config(qemu, kvmDevice, guest, Optional.of(file), payloadTimeout, bootTimeout, forced);
        }

        /** Returns this configuration with the given override (empty to probe). */
        public Config withForced(Optional<Accel> accel) {
            return new Config(qemu, kvmDevice, guest, cacheFile, payloadTimeout, bootTimeout, accel);
        }

        /** Returns this configuration with other timeouts. */
        public Config withTimeouts(Duration payload, Duration boot) {
            return new Config(qemu, kvmDevice, guest, cacheFile, payload, boot, forced);
        }

        /** Returns this configuration with another QEMU binary and KVM device. */
        public Config withQemu(String binary, Path device) {
            return new Config(binary, device, guest, cacheFile, payloadTimeout, bootTimeout, forced);
        }

        /**
         * Reads the override from {@value #ENV_OVERRIDE} in {@code env}: {@code kvm} or
         * {@code tcg} force that accelerator; unset, empty or {@code auto} mean probe.
         *
         * @throws IllegalArgumentException for any other value
         */
        public static Optional<Accel> forcedBy(Map<String, String> env) {
            String value = env.getOrDefault(ENV_OVERRIDE, "").strip().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "", "auto" -> Optional.empty();
                case "kvm" -> Optional.of(Accel.KVM);
                case "tcg" -> Optional.of(Accel.TCG);
                default -> throw new IllegalArgumentException(ENV_OVERRIDE + " is set to '" + value
                        + "', but it must be kvm, tcg or auto.");
            };
        }
    }

    private final Config config;

    /** Creates a probe; nothing runs until {@link #result()}. */
    public AccelProbe(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Returns the cached result when the cache key still matches, otherwise probes and caches
     * the answer. An override is returned at once and never cached.
     */
    public AccelResult result() {
        if (config.forced().isPresent()) {
            return forced(config.forced().get());
        }
        String key = cacheKey();
        Optional<ProbeCache> cache = config.cacheFile().map(ProbeCache::new);
        Optional<AccelResult> cached = cache.flatMap(c -> c.read(key));
        if (cached.isPresent()) {
            return cached.get();
        }
        long start = System.nanoTime();
        AccelResult result = probeNow();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.log(System.Logger.Level.INFO, "The accelerator probe took " + took.toMillis() + " ms: "
                + result.reason());
        cache.ifPresent(c -> c.write(key, result, took));
        return result;
    }

    /** Probes now, ignoring and not updating the cache (the override still applies). */
    public AccelResult probeNow() {
        if (config.forced().isPresent()) {
            return forced(config.forced().get());
        }
        Path dev = config.kvmDevice();
        if (!Files.exists(dev)) {
            return tcg("KVM is unavailable on this host: " + dev + " does not exist; using TCG software emulation.");
        }
        try (FileChannel ignored = FileChannel.open(dev, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // opening is the check
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return tcg("KVM is unavailable on this host: " + dev + " cannot be opened for reading and writing ("
                    + e.getMessage() + "); using TCG software emulation.");
        }
        try {
            Optional<TestGuest> guest = config.guest()
                    .filter(g -> Files.isRegularFile(g.kernel()) && Files.isRegularFile(g.initrd()));
            if (guest.isPresent()) {
                return bootGuest(guest.get());
            }
            return switch (runPayload()) {
                case Failed f -> f.result();
                case Passed p -> new AccelResult(Accel.KVM, "KVM appears to work on this host: a firmware payload "
                        + "ran through real, protected and 64-bit mode under " + config.kvmDevice() + " in "
                        + seconds(p.took()) + "; booting Linux was not checked because "
                        + config.guest().map(g -> "the test guest " + g.kernel() + " or " + g.initrd()
                                + " does not exist").orElse("no test guest was configured") + ".");
            };
        } catch (IOException e) {
            return tcg("KVM could not be probed because QEMU (" + config.qemu() + ") could not be run: "
                    + e.getMessage() + "; using TCG software emulation.");
        }
    }

    /** How a step of the probe ended. */
    private sealed interface Step permits Passed, Failed {
    }

    private record Passed(Duration took) implements Step {
    }

    private record Failed(AccelResult result) implements Step {
    }

    private Step runPayload() throws IOException {
        Path image = Files.createTempFile("jvirt-kvm-probe", ".bin");
        try {
            Files.write(image, ProbeFirmware.image());
            QemuRun.Outcome o = QemuRun.run(List.of(config.qemu(), "-machine", "pc,accel=kvm", "-cpu", "host",
                    "-nodefaults", "-display", "none", "-no-reboot", "-m", "64", "-bios", image.toString(),
                    "-serial", "stdio", "-device", ProbeFirmware.EXIT_DEVICE), config.payloadTimeout(), null);
            if (o.exitStatus().isEmpty()) {
                return new Failed(tcg("KVM is unusable on this host: a minimal firmware payload did not finish within "
                        + seconds(config.payloadTimeout()) + " under " + config.kvmDevice() + " ("
                        + ProbeFirmware.progress(o.output()) + "); using TCG software emulation."));
            }
            if (o.exitStatus().getAsInt() != ProbeFirmware.SUCCESS_EXIT_STATUS) {
                String said = o.qemuErrors();
                return new Failed(tcg("KVM is unusable on this host: QEMU could not run a guest with accel=kvm"
                        + " (exit status " + o.exitStatus().getAsInt() + (said.isEmpty() ? "" : ": " + said)
                        + "); using TCG software emulation."));
            }
            return new Passed(o.took());
        } finally {
            Files.deleteIfExists(image);
        }
    }

    private AccelResult bootGuest(TestGuest g) throws IOException {
        QemuRun.Outcome o = QemuRun.run(List.of(config.qemu(), "-machine", "pc,accel=kvm", "-cpu", "host",
                "-nodefaults", "-display", "none", "-no-reboot", "-m", "256", "-serial", "stdio",
                "-kernel", g.kernel().toString(), "-initrd", g.initrd().toString(),
                "-append", "console=ttyS0 panic=-1 quiet"), config.bootTimeout(), TestGuest.READY_LINE);
        if (o.markerSeen()) {
            return new AccelResult(Accel.KVM, "KVM works on this host: a test guest booted to userspace in "
                    + seconds(o.took()) + " under " + config.kvmDevice() + ".");
        }
        if (o.exitStatus().isPresent()) {
            String said = o.qemuErrors();
            return tcg("KVM is unusable on this host: a test guest stopped (QEMU exit status "
                    + o.exitStatus().getAsInt() + (said.isEmpty() ? "" : ": " + said)
                    + ") before it finished booting under " + config.kvmDevice() + "; using TCG software emulation.");
        }
        return tcg("KVM is unusable on this host: a test guest did not finish booting within "
                + seconds(config.bootTimeout()) + " under " + config.kvmDevice() + "; using TCG software emulation.");
    }

    private String cacheKey() {
        String guest = config.guest().map(g -> {
            try {
                return g.kernel().toAbsolutePath() + "@" + Files.size(g.kernel()) + "@"
                        + Files.getLastModifiedTime(g.kernel()).toMillis();
            } catch (IOException e) {
                return g.kernel().toAbsolutePath() + "@missing";
            }
        }).orElse("none");
        return "probe=" + PROBE_VERSION + ";host=" + hostKernel() + ";qemu=" + qemuVersion()
                + ";kvm=" + (Files.exists(config.kvmDevice()) ? "present" : "absent") + ";guest=" + guest;
    }

    private static String hostKernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    private String qemuVersion() {
        try {
            QemuRun.Outcome o = QemuRun.run(List.of(config.qemu(), "--version"), Duration.ofSeconds(10), null);
            return o.output().lines().findFirst().orElse("unknown").strip();
        } catch (IOException e) {
            return "unavailable";
        }
    }

    private static AccelResult forced(Accel accel) {
        return new AccelResult(accel, "The accelerator is set to " + accel + " by configuration ("
                + ENV_OVERRIDE + " or the daemon's settings); KVM was not probed.");
    }

    private static AccelResult tcg(String reason) {
        return new AccelResult(Accel.TCG, reason);
    }

    private static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return s == Math.rint(s) ? String.format(Locale.ROOT, "%d s", (long) s) : String.format(Locale.ROOT, "%.1f s", s);
    }
}
