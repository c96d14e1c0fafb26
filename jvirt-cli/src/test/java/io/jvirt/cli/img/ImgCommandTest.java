package io.jvirt.cli.img;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The img subcommands: exit codes and output, checked against the real qemu-img. */
class ImgCommandTest {

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private Result jimg(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ImgCommand().spec());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] abs = java.util.Arrays.stream(args).map(a -> a.startsWith("@") ? dir.resolve(a.substring(1)).toString() : a)
                .toArray(String[]::new);
        int rc = cl.execute(abs);
        return new Result(rc, out.toString(), err.toString());
    }

    private Result qemu(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("qemu-img"));
        for (String a : args) {
            cmd.add(a.startsWith("@") ? dir.resolve(a.substring(1)).toString() : a);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, "");
    }

    private void source() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("src.raw").toFile(), "rw")) {
            f.setLength(4 << 20);
            byte[] b = new byte[200_000];
            new java.util.Random(1).nextBytes(b);
            f.seek(100_000);
            f.write(b);
            f.seek(3 << 20);
            f.write("some text ".repeat(10_000).getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void createThenInfoJsonMatchesQemu() throws Exception {
        assertThat(jimg("create", "-f", "qcow2", "-o", "cluster_size=4k,lazy_refcounts=on", "@a.qcow2", "64M").exit()).isZero();
        assertThat(jimg("create", "-f", "qcow2", "-b", "a.qcow2", "-F", "qcow2", "@b.qcow2").exit()).isZero();
        Result j = jimg("info", "--output=json", "@b.qcow2");
        Result q = qemu("info", "--output=json", "@b.qcow2");
        assertThat(j.exit()).isZero();
        com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
        var jt = om.readTree(j.out());
        var qt = om.readTree(q.out());
        for (String f : List.of("virtual-size", "filename", "cluster-size", "format", "format-specific",
                "backing-filename", "backing-filename-format", "dirty-flag")) {
            assertThat(jt.get(f)).as(f).isEqualTo(qt.get(f));
        }
        Result a = jimg("info", "--output=json", "@a.qcow2");
        assertThat(om.readTree(a.out()).get("format-specific")).isEqualTo(
                om.readTree(qemu("info", "--output=json", "@a.qcow2").out()).get("format-specific"));
        assertThat(jimg("info", "--backing-chain", "@b.qcow2").out()).contains("image: " + dir.resolve("a.qcow2"));
    }

    @Test
    void convertCompressedWithProgressThenCompareAndCheck() throws Exception {
        source();
        Result c = jimg("convert", "-p", "-c", "-O", "qcow2", "@src.raw", "@c.qcow2");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("100%");
        assertThat(qemu("check", "@c.qcow2").exit()).isZero();
        assertThat(qemu("compare", "@src.raw", "@c.qcow2").exit()).isZero();
        Result cmp = jimg("compare", "@src.raw", "@c.qcow2");
        assertThat(cmp.exit()).isZero();
        assertThat(cmp.out()).contains("Images are identical.");
        Result chk = jimg("check", "--output=json", "@c.qcow2");
        assertThat(chk.exit()).isZero();
        assertThat(chk.out()).contains("\"check-errors\": 0").contains("\"compressed-clusters\"");
        assertThat(jimg("convert", "-O", "raw", "@c.qcow2", "@back.raw").exit()).isZero();
        assertThat(jimg("compare", "-s", "@back.raw", "@src.raw").exit()).isZero();
    }

    @Test
    void convertTakesQemuImgsCacheModes() throws Exception {
        source();
        for (String mode : new String[] {"unsafe", "writeback", "none", "writethrough", "directsync"}) {
            Result r = jimg("convert", "-t", mode, "-T", "none", "-O", "qcow2", "@src.raw", "@" + mode + ".qcow2");
            assertThat(r.exit()).as(mode + ": " + r.err()).isZero();
            assertThat(qemu("check", "@" + mode + ".qcow2").exit()).as(mode).isZero();
            assertThat(qemu("compare", "@src.raw", "@" + mode + ".qcow2").exit()).as(mode).isZero();
        }
        // O_DIRECT modes into raw, beside qemu-img's own output with the same mode
        for (String mode : new String[] {"none", "directsync"}) {
            Result r = jimg("convert", "-t", mode, "-O", "raw", "@src.raw", "@" + mode + ".raw");
            assertThat(r.exit()).as(mode + ": " + r.err()).isZero();
            assertThat(qemu("convert", "-t", mode, "-O", "raw", "@src.raw", "@" + mode + "-qemu.raw").exit()).isZero();
            assertThat(qemu("compare", "-f", "raw", "-F", "raw", "@" + mode + "-qemu.raw", "@" + mode + ".raw").exit())
                    .as(mode).isZero();
            assertThat(qemu("compare", "@" + mode + ".qcow2", "@" + mode + ".raw").exit()).as(mode).isZero();
        }
        Result bad = jimg("convert", "-t", "fast", "-O", "qcow2", "@src.raw", "@bad.qcow2");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: Cache mode 'fast' is not known; use writeback");
        assertThat(dir.resolve("bad.qcow2")).doesNotExist();
    }

    @Test
    void compareReportsMismatchAndErrors() throws Exception {
        source();
        assertThat(jimg("convert", "-O", "qcow2", "@src.raw", "@x.qcow2").exit()).isZero();
        assertThat(qemu("snapshot", "-c", "s", "@x.qcow2").exit()).isZero();
        Process p = new ProcessBuilder("qemu-io", "-c", "write -P 7 1M 4k", dir.resolve("x.qcow2").toString()).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        Result r = jimg("compare", "@src.raw", "@x.qcow2");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("Content mismatch at offset 1048576!\n");
        assertThat(jimg("compare", "@src.raw", "@missing.qcow2").exit()).isEqualTo(2);
        assertThat(jimg("snapshot", "-l", "@x.qcow2").out()).contains("Snapshot list:").contains(" s ");
    }

    @Test
    void checkExitCodesAndErrorsWithoutTraces() throws Exception {
        assertThat(jimg("create", "-f", "raw", "@r.raw", "1M").exit()).isZero();
        Result raw = jimg("check", "@r.raw");
        assertThat(raw.exit()).isEqualTo(63);
        Result missing = jimg("info", "@nope.qcow2");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: ").contains("does not exist").doesNotContain("Exception");
        assertThat(jimg("create", "-f", "qcow2", "@l.qcow2", "1M").exit()).isZero();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("l.qcow2").toFile(), "rw")) {
            long end = f.length();
            f.setLength(end + 65536);
            f.seek(48);
            long rt = f.readLong();
            f.seek(rt);
            long rb = f.readLong();
            f.seek(rb + end / 65536 * 2);
            f.writeShort(1);
        }
        assertThat(qemu("check", "@l.qcow2").exit()).isEqualTo(3);
        Result leak = jimg("check", "@l.qcow2");
        assertThat(leak.exit()).isEqualTo(3);
        assertThat(leak.out()).contains("1 leaked clusters were found on the image.");
        assertThat(jimg("check", "-r", "leaks", "@l.qcow2").exit()).isZero();
        assertThat(qemu("check", "@l.qcow2").exit()).isZero();
    }

    @Test
    void mapMeasureResizeRebaseCommit() throws Exception {
        source();
        assertThat(jimg("convert", "-O", "qcow2", "@src.raw", "@base.qcow2").exit()).isZero();
        assertThat(jimg("map", "--output=json", "@base.qcow2").out())
                .isEqualTo(qemu("map", "--output=json", "@base.qcow2").out());
        assertThat(jimg("measure", "--output=json", "-O", "qcow2", "@base.qcow2").out())
                .isEqualTo(qemu("measure", "--output=json", "-O", "qcow2", "@base.qcow2").out());
        assertThat(jimg("measure", "-O", "qcow2", "--size", "10G").out())
                .isEqualTo(qemu("measure", "-O", "qcow2", "--size", "10G").out());
        assertThat(jimg("create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "@top.qcow2").exit()).isZero();
        assertThat(jimg("resize", "@top.qcow2", "+4M").exit()).isZero();
        assertThat(qemu("check", "@top.qcow2").exit()).isZero();
        assertThat(jimg("rebase", "-u", "-b", "", "@top.qcow2").exit()).isZero();
        assertThat(qemu("info", "@top.qcow2").out()).doesNotContain("backing file");
        assertThat(jimg("rebase", "-u", "-b", "base.qcow2", "-F", "qcow2", "@top.qcow2").exit()).isZero();
        assertThat(jimg("commit", "@top.qcow2").exit()).isZero();
        assertThat(qemu("check", "@base.qcow2").exit()).isZero();
    }
}
