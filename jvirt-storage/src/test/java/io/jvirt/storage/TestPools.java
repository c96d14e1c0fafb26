package io.jvirt.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.storage.PoolXml;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helpers: dir pools in temporary directories, sparse sample files, qemu-img as a peer. */
final class TestPools {

    private TestPools() {
    }

    /** Builds and starts a dir pool whose directory is {@code dir}. */
    static StoragePool dirPool(String name, Path dir) {
        StoragePool pool = new StoragePool(PoolXml.parse("<pool type='dir'><name>" + name + "</name><target><path>"
                + dir + "</path></target></pool>"));
        pool.build(false);
        pool.start();
        return pool;
    }

    /** Writes a sparse file of {@code size} bytes with random data blocks at the given MiB offsets. */
    static void sparseFile(Path file, long size, long seed, int... dataMiB) throws IOException {
        Random r = new Random(seed);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
            byte[] block = new byte[256 << 10];
            for (int mib : dataMiB) {
                r.nextBytes(block);
                f.seek((long) mib << 20);
                f.write(block);
            }
        }
    }

    /** Runs a command and returns its stdout, failing the test on a non-zero exit. */
    static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", argv) + " said: " + out).isZero();
        return out;
    }

    /** Runs a command and returns its exit code. */
    static int exit(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    /** What qemu-img info --output=json says, as a few fields. */
    record QemuInfo(String format, long virtualSize, String backingFilename, String backingFormat, int clusterSize) {
    }

    static QemuInfo qemuInfo(Path image) throws IOException, InterruptedException {
        String json = run("qemu-img", "info", "-U", "--output=json", image.toString());
        return new QemuInfo(str(json, "format"), num(json, "virtual-size"), str(json, "backing-filename"),
                str(json, "backing-filename-format"), (int) num(json, "cluster-size"));
    }

    /** Whether qemu-img compare finds the two images' guest contents identical. */
    static boolean qemuSame(Path a, Path b) throws IOException, InterruptedException {
        return exit("qemu-img", "compare", "-U", a.toString(), b.toString()) == 0;
    }

    /** qemu-img check exit code (0 = clean). */
    static int qemuCheck(Path image) throws IOException, InterruptedException {
        return exit("qemu-img", "check", "-U", image.toString());
    }

    private static String str(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static long num(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Names of files in a directory, hidden ones included. */
    static List<String> listing(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (var s = java.nio.file.Files.list(dir)) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        out.sort(null);
        return out;
    }
}
