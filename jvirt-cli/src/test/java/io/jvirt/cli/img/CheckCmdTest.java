package io.jvirt.cli.img;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code jvirt img check} beside the real {@code qemu-img check} on copies of the same damaged
 * files: the same exit code, the same stdout (human and JSON, byte for byte), the same finding
 * lines on stderr.
 */
class CheckCmdTest {

    private static final Pattern FINDING = Pattern.compile(
            "^(ERROR|Leaked|Repairing|Can't get|Rebuilding).*$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void base() throws Exception {
        run("qemu-img", "create", "-q", "-f", "qcow2", "base.qcow2", "64M");
        run("qemu-io", "-c", "write -P 1 0 1M", "-c", "write -P 2 8M 512k", "base.qcow2");
    }

    private Result jimg(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ImgCommand().spec());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] abs = Arrays.stream(args).map(a -> a.startsWith("@") ? dir.resolve(a.substring(1)).toString() : a)
                .toArray(String[]::new);
        int rc = cl.execute(abs);
        return new Result(rc, out.toString().replace(dir + "/", ""), err.toString());
    }

    private Result run(String... cmd) throws Exception {
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, Files.readString(err));
    }

    private void damage(String name, Surgery s) throws IOException {
        Files.copy(dir.resolve("base.qcow2"), dir.resolve("q-" + name));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("q-" + name).toFile(), "rw")) {
            s.apply(f);
        }
        Files.copy(dir.resolve("q-" + name), dir.resolve("j-" + name));
    }

    @FunctionalInterface
    private interface Surgery {
        void apply(RandomAccessFile f) throws IOException;
    }

    private static long l2(RandomAccessFile f) throws IOException {
        f.seek(40);
        f.seek(f.readLong());
        return f.readLong() & 0x00fffffffffffe00L;
    }

    private static List<String> findings(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = FINDING.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Compares one invocation; the image names differ only by their q-/j- prefix. */
    private void same(String name, String... options) throws Exception {
        List<String> q = new ArrayList<>(List.of("qemu-img", "check"));
        q.addAll(List.of(options));
        q.add("q-" + name);
        List<String> j = new ArrayList<>(List.of("check"));
        j.addAll(List.of(options));
        j.add("@j-" + name);
        Result qemu = run(q.toArray(String[]::new));
        Result mine = jimg(j.toArray(String[]::new));
        assertThat(mine.exit()).as("exit code of %s %s", name, List.of(options)).isEqualTo(qemu.exit());
        assertThat(mine.out().replace("j-" + name, "q-" + name)).as("stdout").isEqualTo(qemu.out());
        assertThat(findings(mine.err())).as("findings on stderr").isEqualTo(findings(qemu.err()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--output=json"})
    void damagedQcow2LikeQemuImg(String output) throws Exception {
        String[] o = output.isEmpty() ? new String[0] : new String[] {output};
        damage("truncated.qcow2", f -> f.setLength(0x88000));
        same("truncated.qcow2", o);
        damage("dup.qcow2", f -> {
            long l2 = l2(f);
            f.seek(l2);
            long first = f.readLong();
            f.seek(l2 + 8 * 20);
            f.writeLong(first);
        });
        same("dup.qcow2", o);
        damage("leak.qcow2", f -> {
            f.seek(l2(f) + 8 * 128);
            f.write(new byte[64]);
        });
        same("leak.qcow2", o);
    }

    @ParameterizedTest
    @ValueSource(strings = {"leaks", "all"})
    void repairsLikeQemuImg(String mode) throws Exception {
        damage("dup.qcow2", f -> {
            long l2 = l2(f);
            f.seek(l2);
            long first = f.readLong();
            f.seek(l2 + 8 * 20);
            f.writeLong(first);
        });
        same("dup.qcow2", "-r", mode);
        damage("zero.qcow2", f -> {
            f.seek(48);
            f.seek(f.readLong());
            f.seek(f.readLong());
            f.write(new byte[65536]);
        });
        same("zero.qcow2", "-r", mode, "--output=json");
        damage("leak.qcow2", f -> {
            f.seek(l2(f) + 8 * 128);
            f.write(new byte[64]);
        });
        same("leak.qcow2", "-r", mode);
        Result after = run("qemu-img", "check", "j-leak.qcow2");
        assertThat(after.exit()).isZero();
        assertThat(jimg("check", "@j-leak.qcow2").out()).isEqualTo(after.out().replace("j-leak.qcow2", ""));
    }

    @Test
    void truncatedQcow2IsCheckedNotRefused() throws Exception {
        damage("cut.qcow2", f -> f.setLength(0x18000));
        Result r = jimg("check", "@j-cut.qcow2");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("4 errors were found on the image.");
        assertThat(r.err()).contains("ERROR refcount block 0 is outside image").doesNotContain("Exception");
        Result leaks = jimg("check", "-r", "leaks", "@j-cut.qcow2");
        assertThat(leaks.exit()).isEqualTo(1);
        assertThat(leaks.err()).contains("error: ").contains("'check -r all'");
    }

    @Test
    void vmdkAndVdiLikeQemuImg() throws Exception {
        run("qemu-img", "convert", "-O", "vmdk", "base.qcow2", "q-s.vmdk");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("q-s.vmdk").toFile(), "rw")) {
            f.seek(56);
            long gd = Long.reverseBytes(f.readLong()) * 512;
            f.seek(gd);
            long gt = Integer.toUnsignedLong(Integer.reverseBytes(f.readInt())) * 512;
            f.seek(gt + 400);
            f.writeInt(Integer.reverseBytes(100_000));
        }
        Files.copy(dir.resolve("q-s.vmdk"), dir.resolve("j-s.vmdk"));
        same("s.vmdk");
        assertThat(jimg("check", "@j-s.vmdk").err()).contains("ERROR: cluster offset for sector 12800 points after EOF");
        same("s.vmdk", "-r", "leaks");
        run("qemu-img", "convert", "-O", "vdi", "base.qcow2", "q-d.vdi");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("q-d.vdi").toFile(), "rw")) {
            f.seek(0x154);
            long map = Integer.toUnsignedLong(Integer.reverseBytes(f.readInt()));
            f.seek(map + 4 * 9);
            f.writeInt(Integer.reverseBytes(5000));
        }
        Files.copy(dir.resolve("q-d.vdi"), dir.resolve("j-d.vdi"));
        same("d.vdi");
        same("d.vdi", "--output=json");
        same("d.vdi", "-r", "all");
        assertThat(jimg("check", "-r", "all", "@j-d.vdi").exit()).isEqualTo(63);
    }

    @Test
    void descriptorVmdkLikeQemuImg() throws Exception {
        run("qemu-img", "convert", "-O", "vmdk", "-o", "subformat=twoGbMaxExtentSparse", "base.qcow2", "t.vmdk");
        run("qemu-img", "convert", "-O", "vmdk", "-o", "subformat=monolithicFlat", "base.qcow2", "f.vmdk");
        for (String name : List.of("t.vmdk", "f.vmdk")) {
            assertThat(jimg("check", "@" + name).exit()).isZero();
        }
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("t-s001.vmdk").toFile(), "rw")) {
            f.seek(56);
            long gd = Long.reverseBytes(f.readLong()) * 512;
            f.seek(gd);
            long gt = Integer.toUnsignedLong(Integer.reverseBytes(f.readInt())) * 512;
            f.seek(gt + 400);
            f.writeInt(Integer.reverseBytes(900_000));
        }
        Files.write(dir.resolve("f-flat.vmdk"), new byte[0]);
        for (String name : List.of("t.vmdk", "f.vmdk")) {
            Result qemu = run("qemu-img", "check", name);
            Result mine = jimg("check", "@" + name);
            assertThat(mine.exit()).isEqualTo(qemu.exit()).isEqualTo(1);
            assertThat(findings(mine.err())).isEqualTo(findings(qemu.err())).hasSize(1);
        }
    }
}
