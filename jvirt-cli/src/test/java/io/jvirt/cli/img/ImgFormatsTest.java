package io.jvirt.cli.img;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Formats beyond raw and qcow2 through every img subcommand, against the real qemu-img: a VHDX
 * converts to a qcow2 that qemu-img calls identical (the bug this guards against read it as raw),
 * and the formats the engine only detects are refused with one sentence, writing nothing.
 */
class ImgFormatsTest {

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
        int rc = cl.execute(resolve(args).toArray(String[]::new));
        return new Result(rc, out.toString(), err.toString());
    }

    private Result qemu(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(resolve(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, "");
    }

    private List<String> resolve(String... args) {
        return Arrays.stream(args).map(a -> a.startsWith("@") ? dir.resolve(a.substring(1)).toString() : a).toList();
    }

    /** The issue's disk: 64 MiB with random data at scattered offsets. */
    private void scatteredDisk() throws Exception {
        Random r = new Random(64);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("disk.raw").toFile(), "rw")) {
            f.setLength(64L << 20);
            for (int i = 0; i < 40; i++) {
                byte[] b = new byte[1 + r.nextInt(100_000)];
                r.nextBytes(b);
                f.seek(r.nextLong((64L << 20) - b.length));
                f.write(b);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"subformat=dynamic", "subformat=fixed", "subformat=dynamic,block_size=1M"})
    void aVhdxConvertsToAQcow2ThatQemuImgCallsIdentical(String options) throws Exception {
        scatteredDisk();
        assertThat(qemu("convert", "-f", "raw", "-O", "vhdx", "-o", options, "@disk.raw", "@disk.vhdx").exit())
                .isZero();
        Result info = jimg("info", "@disk.vhdx");
        assertThat(info.exit()).as(info.err()).isZero();
        assertThat(info.out()).contains("file format: vhdx").contains("virtual size: 64 MiB (67108864 bytes)");
        Result convert = jimg("convert", "-O", "qcow2", "@disk.vhdx", "@out.qcow2");
        assertThat(convert.exit()).as(convert.err()).isZero();
        Result compare = qemu("compare", "@disk.vhdx", "@out.qcow2");
        assertThat(compare.out()).isEqualTo("Images are identical.\n");
        assertThat(compare.exit()).isZero();
        assertThat(jimg("compare", "@disk.vhdx", "@disk.raw").out()).isEqualTo("Images are identical.\n");
        ObjectMapper om = new ObjectMapper();
        JsonNode ours = om.readTree(jimg("info", "--output=json", "@disk.vhdx").out());
        JsonNode theirs = om.readTree(qemu("info", "--output=json", "@disk.vhdx").out());
        for (String field : List.of("format", "virtual-size", "cluster-size", "filename")) {
            assertThat(ours.get(field)).as(field).isEqualTo(theirs.get(field));
        }
    }

    @Test
    void rawIsUsedOnlyWhenAskedFor() throws Exception {
        assertThat(qemu("create", "-f", "vhdx", "@d.vhdx", "64M").exit()).isZero();
        Result raw = jimg("info", "-f", "raw", "@d.vhdx");
        assertThat(raw.exit()).isZero();
        assertThat(raw.out()).contains("file format: raw")
                .contains("virtual size: " + ImgSupport.human(Files.size(dir.resolve("d.vhdx"))));
        assertThat(jimg("info", "@d.vhdx").out()).contains("file format: vhdx").contains("virtual size: 64 MiB");
    }

    /** Files of the formats the engine detects but does not read, named as their makers name them. */
    private List<String[]> unreadable() throws Exception {
        assertThat(qemu("create", "-f", "parallels", "@p.hds", "8M").exit()).isZero();
        Result luks = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            // qemu-img times a key derivation first; on a busy machine the timing can come out empty
            luks = qemu("create", "--object", "secret,id=s0,data=jvirt", "-f", "luks", "-o", "key-secret=s0",
                    "@l.luks", "8M");
            if (luks.exit() == 0 || !luks.out().contains("Unable to get accurate CPU usage")) {
                break;
            }
        }
        assertThat(luks.exit()).as(luks.out()).isZero();
        ByteBuffer dmg = ByteBuffer.allocate(4096);
        dmg.put(3584, "koly".getBytes(StandardCharsets.US_ASCII)).putInt(3588, 4).putInt(3592, 512);
        Files.write(dir.resolve("d.dmg"), dmg.array());
        byte[] cloop = Arrays.copyOf(("#!/bin/sh\n#V2.0 Format\nmodprobe cloop file=$0 && mount -r -t iso9660"
                + " /dev/cloop $1\n").getBytes(StandardCharsets.US_ASCII), 4096);
        Files.write(dir.resolve("c.cloop"), cloop);
        ByteBuffer bochs = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        bochs.put(0, "Bochs Virtual HD Image".getBytes(StandardCharsets.US_ASCII))
                .put(32, "Redolog".getBytes(StandardCharsets.US_ASCII))
                .put(48, "Growing".getBytes(StandardCharsets.US_ASCII)).putInt(64, 0x20000);
        Files.write(dir.resolve("b.img"), bochs.array());
        return List.of(new String[] {"p.hds", "Parallels"}, new String[] {"l.luks", "LUKS (encrypted)"},
                new String[] {"d.dmg", "DMG (Apple disk image)"},
                new String[] {"c.cloop", "cloop (compressed loopback)"},
                new String[] {"b.img", "Bochs"});
    }

    @Test
    void formatsTheEngineDoesNotReadAreRefusedEverywhereWithOneSentence() throws Exception {
        assertThat(qemu("create", "-f", "qcow2", "@other.qcow2", "8M").exit()).isZero();
        for (String[] u : unreadable()) {
            Path file = dir.resolve(u[0]);
            String sentence = "error: " + file + " is a " + u[1] + " image, which jvirt cannot read; convert it to"
                    + " qcow2 or raw with another tool (such as qemu-img convert) first.\n";
            Result convert = jimg("convert", "-O", "qcow2", "@" + u[0], "@" + u[0] + ".qcow2");
            assertThat(convert.err()).as(u[0]).isEqualTo(sentence);
            assertThat(convert.exit()).isEqualTo(1);
            assertThat(dir.resolve(u[0] + ".qcow2")).as("no output file").doesNotExist();
            for (String[] args : List.of(new String[] {"info", "@" + u[0]}, new String[] {"map", "@" + u[0]},
                    new String[] {"check", "@" + u[0]}, new String[] {"measure", "-O", "qcow2", "@" + u[0]})) {
                Result r = jimg(args);
                assertThat(r.err()).as(String.join(" ", args)).isEqualTo(sentence);
                assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(1);
            }
            Result compare = jimg("compare", "@" + u[0], "@other.qcow2");
            assertThat(compare.err()).isEqualTo(sentence);
            assertThat(compare.exit()).as("compare's error code, as qemu-img's").isEqualTo(2);
            Result backed = jimg("create", "-f", "qcow2", "-b", u[0], "@top-" + u[0] + ".qcow2");
            assertThat(backed.err()).isEqualTo(sentence);
            assertThat(dir.resolve("top-" + u[0] + ".qcow2")).doesNotExist();
        }
    }
}
