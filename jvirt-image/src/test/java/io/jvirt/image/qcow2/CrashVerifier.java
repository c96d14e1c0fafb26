package io.jvirt.image.qcow2;

import io.jvirt.image.CheckResult;
import io.jvirt.image.internal.CrashImages;
import io.jvirt.image.internal.WriteLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds the crash images of a recorded operation and holds each to the promise of the
 * engine's write ordering: the real {@code qemu-img check} finds no corruption (leaked
 * clusters are allowed: exit 0 or 3), and after the engine's leak repair ({@code jvirt img
 * check -r leaks}) qemu-img finds the image clean (exit 0). A qcow2 file that the operation
 * created (absent or empty before) and that never got its header on the disk is "not created
 * yet" and passes.
 */
final class CrashVerifier {

    /** What one crash image showed. */
    record Finding(String image, String problem) {
    }

    /** Summary of one operation's crash images. */
    record Report(int crashImages, int withLeaks, List<String> failures) {
    }

    private final Path scratch;
    private final Random random;
    private final int randomPoints;
    /** Random subsets per crash point; more when an operation has few fsyncs. */
    private final int subsetsPerPoint;

    CrashVerifier(Path scratch, long seed, int randomPoints, int subsetsPerPoint) {
        this.scratch = scratch;
        this.random = new Random(seed);
        this.randomPoints = randomPoints;
        this.subsetsPerPoint = subsetsPerPoint;
    }

    /**
     * Checks the crash images of a log.
     *
     * @param name the operation, for messages
     * @param log what the operation did
     * @param work the directory the operation ran in
     * @param images the qcow2 files (names in work) to check
     * @return what was found
     */
    Report verify(String name, WriteLog log, Path work, List<String> images) throws Exception {
        List<WriteLog.Op> ops = log.ops();
        TreeSet<Integer> points = new TreeSet<>(CrashImages.syncPoints(ops));
        for (int i = 0; i < randomPoints && !ops.isEmpty(); i++) {
            points.add(random.nextInt(ops.size() + 1));
        }
        List<CrashImages.Loss> losses = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int p : points) {
            at.add(p);
            losses.add(new CrashImages.DropAll());
            at.add(p);
            losses.add(new CrashImages.KeepAll());
            int subsets = Math.max(subsetsPerPoint, 32 / points.size());
            for (int s = 0; s < subsets; s++) {
                at.add(p);
                losses.add(new CrashImages.KeepSome(new Random(random.nextLong()), 0.2 + 0.6 * random.nextDouble()));
            }
        }
        Set<Integer> seen = new HashSet<>();
        List<Future<List<Finding>>> results = new ArrayList<>();
        int built = 0;
        int leaks = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < at.size(); i++) {
                Path dir = scratch.resolve(name.replaceAll("[^a-z0-9]+", "-") + "-" + i);
                Files.createDirectories(dir);
                linkUnchanged(work, dir, log);
                Map<Path, byte[]> files = CrashImages.build(log, at.get(i), losses.get(i),
                        f -> dir.resolve(work.relativize(f)));
                int hash = files.values().stream().mapToInt(Arrays::hashCode).reduce(17, (a, b) -> 31 * a + b);
                if (!seen.add(hash)) {
                    deleteTree(dir);
                    continue;
                }
                built++;
                String where = "crash point " + at.get(i) + "/" + ops.size() + " (" + losses.get(i) + ")";
                results.add(pool.submit(() -> {
                    try {
                        return check(dir, images, log, work, where);
                    } finally {
                        deleteTree(dir);
                    }
                }));
            }
            List<String> failures = new ArrayList<>();
            for (Future<List<Finding>> f : results) {
                for (Finding x : f.get(10, TimeUnit.MINUTES)) {
                    if (x.problem().equals("leaks")) {
                        leaks++;
                    } else {
                        failures.add(name + ": " + x.image() + ": " + x.problem());
                    }
                }
            }
            return new Report(built, leaks, failures);
        }
    }

    private static List<Finding> check(Path dir, List<String> images, WriteLog log, Path work, String where)
            throws IOException {
        List<Finding> out = new ArrayList<>();
        for (String image : images) {
            Path p = dir.resolve(image);
            byte[] before = log.before().get(work.resolve(image).toAbsolutePath().normalize());
            // an operation that creates the image finds no file, or an empty one (the create lock
            // makes the file before the engine opens it); until its header is on the disk it is no image
            if ((before == null || before.length == 0) && !hasMagic(p)) {
                continue;
            }
            Run first = qemuImg(dir, "check", image);
            if (first.exit() != 0 && first.exit() != 3) {
                out.add(new Finding(image, where + ": qemu-img check exit " + first.exit() + ": " + first.out()));
                continue;
            }
            if (first.exit() == 3) {
                out.add(new Finding(image, "leaks"));
            }
            CheckResult repaired = Qcow2Checker.check(p, CheckResult.Repair.LEAKS);
            Run again = qemuImg(dir, "check", image);
            if (again.exit() != 0) {
                out.add(new Finding(image, where + ": after jvirt's leak repair (" + repaired.leaksFixed()
                        + " fixed) qemu-img check exit " + again.exit() + ": " + again.out()));
            }
        }
        return out;
    }

    private static boolean hasMagic(Path p) throws IOException {
        if (!Files.exists(p) || Files.size(p) < 4) {
            return false;
        }
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(p)) {
            in.readNBytes(head, 0, 4);
        }
        return (head[0] & 0xff) == 0x51 && (head[1] & 0xff) == 0x46 && (head[2] & 0xff) == 0x49
                && (head[3] & 0xff) == 0xfb;
    }

    private static void linkUnchanged(Path work, Path dir, WriteLog log) throws IOException {
        Set<Path> written = new HashSet<>();
        for (WriteLog.Op op : log.ops()) {
            written.add(op.file());
        }
        try (var files = Files.list(work)) {
            for (Path f : files.toList()) {
                Path abs = f.toAbsolutePath().normalize();
                if (!written.contains(abs) && Files.isRegularFile(f)) {
                    Files.createLink(dir.resolve(f.getFileName()), f);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    record Run(int exit, String out) {
    }

    static Run qemuImg(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("qemu-img");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("qemu-img " + String.join(" ", args) + " timed out");
            }
            return new Run(p.exitValue(), out.strip());
        } catch (IOException e) {
            throw new AssertionError("qemu-img must be installed (apt-get install qemu-utils): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
