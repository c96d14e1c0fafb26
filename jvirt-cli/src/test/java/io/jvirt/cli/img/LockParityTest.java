package io.jvirt.cli.img;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.qcow2.Qcow2Snapshots;
import io.jvirt.sys.Libc;
import io.jvirt.sys.OfdLocks;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Each {@code jvirt img} subcommand locks what qemu-img 7.2 locks, byte for byte. For every file
 * a subcommand uses and every lock byte (100-103 held, 200-203 not shared), the test holds the
 * byte from a descriptor of its own and runs both tools on fresh copies of the same images:
 * holding it exclusively refuses a tool that locks or checks the byte; holding it shared
 * refuses one that checks it (probed where an exclusive hold refused). Both tools must be
 * refused by exactly the same probes.
 */
class LockParityTest {

    private static final int[] BYTES = {100, 101, 102, 103, 200, 201, 202, 203};

    @TempDir
    Path tmp;

    /**
     * One subcommand run the same way by both tools.
     *
     * @param args qemu-img's arguments (file names relative to the images' directory)
     * @param files the files it uses, probed one by one
     */
    record Case(List<String> args, List<String> files) {
        static Case of(String args, String... files) {
            return new Case(List.of(args.split(" ")), List.of(files));
        }

        @Override
        public String toString() {
            return String.join(" ", args);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("info top.qcow2", "top.qcow2", "base.qcow2"),
                Case.of("info -U top.qcow2", "top.qcow2"),
                Case.of("info --backing-chain top.qcow2", "top.qcow2", "base.qcow2"),
                Case.of("info r.raw", "r.raw"),
                Case.of("check top.qcow2", "top.qcow2", "base.qcow2"),
                Case.of("check -U top.qcow2", "top.qcow2", "base.qcow2"),
                Case.of("check -r all top.qcow2", "top.qcow2", "base.qcow2"),
                Case.of("map top.qcow2", "top.qcow2", "base.qcow2"),
                Case.of("map -U topr.qcow2", "topr.qcow2", "braw.raw"),
                Case.of("map r.raw", "r.raw"),
                Case.of("compare topr.qcow2 r.raw", "topr.qcow2", "braw.raw", "r.raw"),
                Case.of("compare -U topr.qcow2 other.qcow2", "topr.qcow2", "other.qcow2"),
                Case.of("measure -O qcow2 top.qcow2", "top.qcow2", "base.qcow2"),
                Case.of("convert -O qcow2 top.qcow2 other.qcow2", "top.qcow2", "base.qcow2", "other.qcow2"),
                Case.of("convert -O raw topr.qcow2 r.raw", "topr.qcow2", "braw.raw", "r.raw"),
                Case.of("convert -n -O qcow2 top.qcow2 other.qcow2", "top.qcow2", "other.qcow2"),
                Case.of("convert -n -O raw top.qcow2 r.raw", "r.raw"),
                Case.of("convert -U -O qcow2 r.raw other.qcow2", "r.raw", "other.qcow2"),
                Case.of("convert -O qcow2 -B base.qcow2 -F qcow2 top.qcow2 other.qcow2", "base.qcow2", "other.qcow2"),
                Case.of("create -f qcow2 other.qcow2 2M", "other.qcow2"),
                Case.of("create -f raw r.raw 2M", "r.raw"),
                Case.of("create -f qcow2 -b base.qcow2 -F qcow2 other.qcow2", "other.qcow2", "base.qcow2"),
                Case.of("resize top.qcow2 2M", "top.qcow2", "base.qcow2"),
                Case.of("resize -f raw r.raw 2M", "r.raw"),
                Case.of("snapshot -l top.qcow2", "top.qcow2", "base.qcow2"),
                Case.of("snapshot -l -U top.qcow2", "top.qcow2"),
                Case.of("snapshot -c s1 top.qcow2", "top.qcow2", "base.qcow2"),
                Case.of("snapshot -a s0 snap.qcow2", "snap.qcow2"),
                Case.of("snapshot -d s0 snap.qcow2", "snap.qcow2"),
                Case.of("commit top.qcow2", "top.qcow2", "base.qcow2"),
                Case.of("commit topr.qcow2", "topr.qcow2", "braw.raw"),
                Case.of("rebase -u -b other.qcow2 -F qcow2 top.qcow2", "top.qcow2", "base.qcow2", "other.qcow2"),
                Case.of("rebase -b other.qcow2 -F qcow2 top.qcow2", "top.qcow2", "base.qcow2", "other.qcow2"),
                Case.of("rebase -U -b other.qcow2 -F qcow2 top.qcow2", "other.qcow2"),
                Case.of("info v.vhdx", "v.vhdx"),
                Case.of("map --output=json v.vhdx", "v.vhdx"),
                Case.of("convert -O raw q.qed r.raw", "q.qed", "base.qcow2", "r.raw"),
                Case.of("compare -U q.qed v.vhdx", "q.qed", "base.qcow2", "v.vhdx"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameBytesAsQemuImg(Case c) throws Exception {
        assertThat(refusedBy(c, null, 0, null)).as("no probe").isEqualTo(new Outcome(false, false));
        List<String> differences = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (String file : c.files()) {
            for (int b : BYTES) {
                for (OfdLocks.Type t : List.of(OfdLocks.Type.WRITE, OfdLocks.Type.READ)) {
                    if (t == OfdLocks.Type.READ && !refusals.contains(file + " byte " + b + " write")
                            && differences.stream().noneMatch(d -> d.startsWith(file + " byte " + b + " "))) {
                        continue; // neither locks nor checks the byte: a shared hold cannot refuse either
                    }
                    Outcome o = refusedBy(c, file, b, t);
                    String probe = file + " byte " + b + " " + t.name().toLowerCase();
                    if (o.jvirt() != o.qemu()) {
                        differences.add(probe + ": jvirt " + (o.jvirt() ? "refused" : "ran") + ", qemu-img "
                                + (o.qemu() ? "refused" : "ran"));
                    }
                    if (o.qemu()) {
                        refusals.add(probe);
                    }
                }
            }
        }
        assertThat(differences).as("probes where jvirt and qemu-img differ (qemu-img refused: %s)", refusals).isEmpty();
    }

    private record Outcome(boolean jvirt, boolean qemu) {
    }

    private int run;
    private Path template;

    /** Runs both tools on fresh images, each while {@code byte} of {@code file} is held by this test. */
    private Outcome refusedBy(Case c, String file, int b, OfdLocks.Type type) throws Exception {
        // fixtures are made once and copied: each run changes its own copy
        if (template == null) {
            template = fixtures(tmp.resolve("template"));
        }
        run++;
        Path j = copy(template, tmp.resolve("j" + run));
        Path q = copy(template, tmp.resolve("q" + run));
        boolean jvirt;
        boolean qemu;
        try (Probe p = Probe.hold(file == null ? null : j.resolve(file), b, type)) {
            jvirt = jvirt(j, c.args());
        }
        try (Probe p = Probe.hold(file == null ? null : q.resolve(file), b, type)) {
            qemu = qemuImg(q, c.args());
        }
        return new Outcome(jvirt, qemu);
    }

    /**
     * top.qcow2 over base.qcow2, topr.qcow2 over braw.raw, snap.qcow2 (snapshot s0), other.qcow2,
     * r.raw, v.vhdx, q.qed over base.qcow2; 1 MiB each.
     */
    private static Path fixtures(Path d) throws IOException, InterruptedException {
        Files.createDirectories(d);
        long size = 1 << 20;
        Images.create(d.resolve("base.qcow2"), CreateOptions.builder(ImageFormat.QCOW2, size).build());
        Images.create(d.resolve("top.qcow2"), CreateOptions.builder(ImageFormat.QCOW2, size).backingFile("base.qcow2")
                .backingFormat(ImageFormat.QCOW2).build());
        try (Qcow2Image top = (Qcow2Image) Images.open(d.resolve("top.qcow2"), false)) {
            top.write(0, new byte[] {1, 2, 3}, 0, 3);
        }
        Images.create(d.resolve("snap.qcow2"), CreateOptions.builder(ImageFormat.QCOW2, size).build());
        try (Qcow2Image snap = (Qcow2Image) Images.open(d.resolve("snap.qcow2"), false)) {
            snap.write(0, new byte[] {1, 2, 3}, 0, 3);
            Qcow2Snapshots.create(snap, "s0");
        }
        Images.create(d.resolve("braw.raw"), CreateOptions.builder(ImageFormat.RAW, size).build());
        Images.create(d.resolve("topr.qcow2"), CreateOptions.builder(ImageFormat.QCOW2, size).backingFile("braw.raw")
                .backingFormat(ImageFormat.RAW).build());
        Images.create(d.resolve("other.qcow2"), CreateOptions.builder(ImageFormat.QCOW2, size).build());
        Images.create(d.resolve("r.raw"), CreateOptions.builder(ImageFormat.RAW, size).build());
        // formats the engine reads but does not write, made by qemu-img (q.qed is an overlay of base.qcow2)
        qemuImg(d, List.of("create", "-q", "-f", "vhdx", "v.vhdx", "1M"));
        qemuImg(d, List.of("create", "-q", "-f", "qed", "-b", "base.qcow2", "-F", "qcow2", "q.qed", "1M"));
        return d;
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** Whether {@code jvirt img} refused the images as in use (and only then exited non-zero). */
    private static boolean jvirt(Path d, List<String> args) {
        List<String> abs = new ArrayList<>();
        for (String a : args) {
            abs.add(a.matches(".*\\.(qcow2|raw|vhdx|qed)") ? d.resolve(a).toString() : a);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ImgCommand().spec());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(abs.toArray(String[]::new));
        boolean inUse = err.toString().contains(" is in use by ");
        assertThat(rc == 0 || inUse).as("jvirt img %s: %s%s", args, out, err).isTrue();
        return inUse;
    }

    /** Whether qemu-img refused the images for a lock (and only then exited non-zero). */
    private static boolean qemuImg(Path d, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(d.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        boolean lock = out.contains("Failed to get") || out.contains("Failed to lock byte");
        assertThat(p.exitValue() == 0 || lock).as("qemu-img %s: %s", args, out).isTrue();
        return lock;
    }

    /** One byte held by this test on a descriptor of its own, for the length of one run. */
    private record Probe(int fd) implements AutoCloseable {
        static Probe hold(Path file, int b, OfdLocks.Type type) {
            if (file == null) {
                return new Probe(-1);
            }
            int fd = OfdLocks.openReadWrite(file);
            assertThat(fd).isNotNegative();
            assertThat(OfdLocks.set(fd, type, b, 1)).as("probe on byte %d of %s", b, file).isTrue();
            return new Probe(fd);
        }

        @Override
        public void close() {
            if (fd >= 0) {
                Libc.close(fd);
            }
        }
    }
}
