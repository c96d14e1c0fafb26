package io.jvirt.image.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.ImageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's images as xorriso (libisofs) reads them: its Rock Ridge, Joliet and plain ISO 9660 views. */
class IsoWriterTest {
    @TempDir
    Path dir;

    static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    static IsoImage sample(IsoImage.Level level) {
        List<IsoNode> many = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            many.add(IsoNode.File.text("file number " + i + " with a rather long name.txt", "n" + i + "\n"));
        }
        return new IsoImage("cidata", level, T, IsoNode.Directory.root(List.of(
                IsoNode.File.text("user-data", "#cloud-config\nhostname: demo\n"),
                IsoNode.File.text("meta-data", "instance-id: abc\n"),
                new IsoNode.File("empty", new byte[0]),
                new IsoNode.File("big.bin", big()),
                new IsoNode.Directory("Sub Dir", List.of(
                        IsoNode.File.text("Mixed.Case.Name.tar.gz", "gz"),
                        new IsoNode.Directory("deeper", List.of(IsoNode.File.text("leaf", "leaf\n"))))),
                new IsoNode.Directory("many", many))));
    }

    static byte[] big() {
        byte[] b = new byte[5000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void rockRidgeNamesAndContents() throws Exception {
        Path iso = dir.resolve("seed.iso");
        long size = IsoWriter.write(sample(IsoImage.Level.LEVEL2), iso);
        assertThat(Files.size(iso)).isEqualTo(size).isEqualTo(size / 2048 * 2048);
        String find = run("xorriso", "-indev", iso.toString(), "-find", "/", "-exec", "lsdl");
        assertThat(find).contains("'/user-data'", "'/meta-data'", "'/empty'", "'/big.bin'", "'/Sub Dir'",
                "'/Sub Dir/Mixed.Case.Name.tar.gz'", "'/Sub Dir/deeper/leaf'",
                "'/many/file number 119 with a rather long name.txt'");
        assertThat(find).contains("Volume id    : 'cidata'");
        // Rock Ridge's PX modes
        assertThat(find).contains("-r--r--r--    1 0        0              29 Jan  2  2026 '/user-data'");
        assertThat(find).doesNotContain("FAILURE", "SORRY", "WARNING");
        Path out = dir.resolve("out");
        run("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/", out.toString());
        assertThat(Files.readString(out.resolve("user-data"))).isEqualTo("#cloud-config\nhostname: demo\n");
        assertThat(Files.readAllBytes(out.resolve("big.bin"))).isEqualTo(big());
        assertThat(Files.size(out.resolve("empty"))).isZero();
        assertThat(Files.readString(out.resolve("Sub Dir/deeper/leaf"))).isEqualTo("leaf\n");
        assertThat(Files.readString(out.resolve("many/file number 7 with a rather long name.txt")))
                .isEqualTo("n7\n");
    }

    @Test
    void jolietTreeHasTheLongNames() throws Exception {
        Path iso = dir.resolve("j.iso");
        IsoWriter.write(sample(IsoImage.Level.LEVEL2), iso);
        String find = run("xorriso", "-read_fs", "norock", "-indev", iso.toString(),
                "-find", "/", "-exec", "lsdl");
        // no Rock Ridge modes here: these names come from the Joliet tree
        assertThat(find).contains("-r-xr-xr-x    1 0        0              29 Jan  2  2026 '/user-data'", "'/Sub Dir/Mixed.Case.Name.tar.gz'",
                "'/many/file number 0 with a rather long name.txt'");
    }

    @Test
    void plainIsoTreeHasShortUniqueNames() throws Exception {
        Path iso = dir.resolve("p.iso");
        IsoWriter.write(sample(IsoImage.Level.LEVEL1), iso);
        String find = run("xorriso", "-read_fs", "ecma119", "-ecma119_map", "unmapped", "-indev", iso.toString(),
                "-find", "/", "-exec", "lsdl");
        assertThat(find).contains("'/USER_DAT.;1'", "'/META_DAT.;1'", "'/BIG.BIN;1'",
                "'/SUB_DIR/MIXED_CA.GZ;1'", "'/SUB_DIR/DEEPER/LEAF.;1'");
        // 120 long names share one 8-character stem: all stay distinct
        long distinct = find.lines().filter(s -> s.contains("'/MANY/")).distinct().count();
        assertThat(distinct).isEqualTo(120);
    }

    @Test
    void levelTwoKeepsThirtyCharacters() throws Exception {
        Path iso = dir.resolve("l2.iso");
        IsoWriter.write(sample(IsoImage.Level.LEVEL2), iso);
        String find = run("xorriso", "-read_fs", "ecma119", "-ecma119_map", "unmapped", "-indev", iso.toString(),
                "-find", "/", "-exec", "lsdl");
        assertThat(find).contains("'/USER_DATA.;1'", "'/SUB_DIR/MIXED_CASE_NAME_TAR.GZ;1'");
    }

    @Test
    void sameInputSameBytes() {
        assertThat(IsoWriter.toBytes(sample(IsoImage.Level.LEVEL2)))
                .isEqualTo(IsoWriter.toBytes(sample(IsoImage.Level.LEVEL2)));
    }

    @Test
    void refusesAnExistingTargetAndLeavesNothing() throws Exception {
        Path iso = dir.resolve("x.iso");
        Files.writeString(iso, "keep");
        assertThatThrownBy(() -> IsoWriter.write(sample(IsoImage.Level.LEVEL2), iso))
                .isInstanceOf(ImageException.class).hasMessageContaining("exists already");
        assertThat(Files.readString(iso)).isEqualTo("keep");
        try (var s = Files.list(dir)) {
            assertThat(s).hasSize(1);
        }
    }

    @Test
    void badNamesAreRefusedWithASentence() {
        assertThatThrownBy(() -> IsoNode.File.text("a/b", "")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> IsoNode.File.text("x".repeat(65), "")).hasMessageContaining("at most 64");
        assertThatThrownBy(() -> IsoNode.Directory.root(List.of(IsoNode.File.text("a", ""),
                IsoNode.File.text("a", "")))).hasMessageContaining("more than one entry named a");
        assertThatThrownBy(() -> new IsoImage("", IsoImage.Level.LEVEL2, T, IsoNode.Directory.root(List.of())))
                .hasMessageContaining("1 to 32 characters");
    }
}
