package io.jvirt.image.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.CheckResult;
import io.jvirt.image.ImageChecks;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jvirt's check against the real {@code qemu-img check}, case by case: each damaged image is
 * copied twice, qemu-img checks (and repairs) one copy and jvirt the other; exit codes, counts
 * and finding lines must agree, and after a repair the real qemu-img must agree with jvirt's
 * final report on jvirt's copy.
 */
class CheckInteropTest {

    private static final Pattern JSON_NUMBER = Pattern.compile("\"([a-z-]+)\": (\\d+)");
    private static final Pattern FINDING = Pattern.compile(
            "^(ERROR|Leaked|Repairing|Can't get|Rebuilding|Discarding).*$", Pattern.MULTILINE);

    @TempDir
    static Path dir;

    /**
     * One damaged image.
     *
     * @param name file name (its extension names the format)
     * @param format the format
     * @param build makes the file
     * @param jvirtRepairsAll whether jvirt's {@code -r all} is meant to leave the image clean where
     *     qemu's fails (qemu marks the image corrupt while checking and then cannot write)
     */
    record Case(String name, ImageFormat format, Builder build, boolean jvirtRepairsAll) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Builder {
        void build(Path dir, String name) throws IOException;
    }

    static Case qcow2(String name, Damage.Surgery s) {
        return new Case(name + ".qcow2", ImageFormat.QCOW2, (d, n) -> Damage.copy(d, Damage.QCOW2_BASE, n, s), false);
    }

    static Case other(String name, ImageFormat f, String base, Damage.Surgery s) {
        return new Case(name, f, (d, n) -> Damage.copy(d, base, n, s), false);
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(qcow2("clean", f -> { }));
        c.add(qcow2("truncated-in-data", f -> f.setLength((f.length() / 2 & ~0xffffL) | 0x8000)));
        c.add(qcow2("truncated-at-l1", f -> f.setLength(Damage.l1Offset(f))));
        c.add(qcow2("truncated-in-refcount-table", f -> f.setLength(Damage.refTableOffset(f) + 0x8000)));
        c.add(qcow2("zeroed-refcount-block", f -> Damage.zero(f, Damage.refBlock(f), 65536)));
        c.add(qcow2("two-l2-entries-one-cluster", f -> Damage.putBe64(f, Damage.l2(f) + 8 * 20,
                Damage.be64(f, Damage.l2(f)))));
        c.add(qcow2("corrupt-bit", f -> Damage.putBe64(f, 72, Damage.be64(f, 72) | 2)));
        c.add(qcow2("copied-cleared", f -> {
            Damage.putBe64(f, Damage.l1Offset(f), Damage.be64(f, Damage.l1Offset(f)) & ~(1L << 63));
            long e = Damage.l2(f) + 8 * 3;
            Damage.putBe64(f, e, Damage.be64(f, e) & ~(1L << 63));
        }));
        c.add(qcow2("leaked-clusters", f -> Damage.zero(f, Damage.l2(f) + 8 * 128, 8 * 8)));
        c.add(qcow2("refcount-too-high", f -> Damage.refcount(f, Damage.be64(f, Damage.l2(f)) >>> 16 & 0xffffffffffL, 2)));
        c.add(qcow2("refcount-too-low", f -> Damage.refcount(f, (Damage.be64(f, Damage.l2(f) + 8) & 0xfffffffffe00L) >>> 16, 0)));
        c.add(new Case("unaligned-refcount-block.qcow2", ImageFormat.QCOW2, (d, n) -> Damage.copy(d, Damage.QCOW2_BASE, n,
                f -> Damage.putBe64(f, Damage.refTableOffset(f), Damage.refBlock(f) | 0x200)), true));
        c.add(other("compressed-leak.qcow2", ImageFormat.QCOW2, "compressed.qcow2",
                f -> Damage.refcount(f, f.length() / 65536 - 1, 3)));
        c.add(other("sparse-clean.vmdk", ImageFormat.VMDK, "sparse.vmdk", f -> { }));
        c.add(other("sparse-grain-past-end.vmdk", ImageFormat.VMDK, "sparse.vmdk",
                f -> Damage.putLe32(f, Damage.grainTable(f) + 4 * 100, 100000)));
        c.add(other("sparse-truncated.vmdk", ImageFormat.VMDK, "sparse.vmdk", f -> f.setLength(1000 * 512)));
        c.add(other("sparse-table-past-end.vmdk", ImageFormat.VMDK, "sparse.vmdk",
                f -> Damage.putLe32(f, Damage.grainDirectory(f) + 4, 500000)));
        c.add(other("stream-clean.vmdk", ImageFormat.VMDK, "stream.vmdk", f -> { }));
        c.add(other("stream-grain-past-end.vmdk", ImageFormat.VMDK, "stream.vmdk",
                f -> Damage.putLe32(f, Damage.grainTable(f) + 4 * 100, 100000)));
        c.add(other("stream-truncated.vmdk", ImageFormat.VMDK, "stream.vmdk", f -> f.setLength(60000)));
        c.add(other("clean.vdi", ImageFormat.VDI, "base.vdi", f -> { }));
        c.add(other("duplicate-block.vdi", ImageFormat.VDI, "base.vdi",
                f -> Damage.putLe32(f, Damage.blockMap(f) + 4 * 8, Damage.le32(f, Damage.blockMap(f)))));
        c.add(other("block-out-of-range.vdi", ImageFormat.VDI, "base.vdi",
                f -> Damage.putLe32(f, Damage.blockMap(f) + 4 * 9, 5000)));
        c.add(other("allocated-count-mismatch.vdi", ImageFormat.VDI, "base.vdi",
                f -> Damage.putLe32(f, 0x184, Damage.le32(f, 0x184) + 3)));
        c.add(other("truncated-block-map.vdi", ImageFormat.VDI, "base.vdi", f -> f.setLength(Damage.blockMap(f) + 100)));
        return c;
    }

    static Stream<Arguments> table() {
        return cases().stream().flatMap(c -> Stream.of(CheckResult.Repair.values()).map(r -> Arguments.of(c, r)));
    }

    @BeforeAll
    static void bases() {
        Damage.qcow2Base(dir);
        Damage.compressed(dir);
        Damage.vmdk(dir, "monolithicSparse", "sparse.vmdk");
        Damage.vmdk(dir, "streamOptimized", "stream.vmdk");
        Damage.vdi(dir);
    }

    @ParameterizedTest(name = "{0} -r {1}")
    @MethodSource("table")
    void agreesWithQemuImg(Case c, CheckResult.Repair repair) throws IOException {
        Path work = Files.createTempDirectory(dir, "case");
        String ext = c.name().substring(c.name().lastIndexOf('.'));
        c.build().build(dir, c.name() + "." + repair);
        Path built = dir.resolve(c.name() + "." + repair);
        Files.copy(built, work.resolve("q" + ext));
        Files.copy(built, work.resolve("j" + ext));
        List<String> args = new ArrayList<>(List.of("check", "--output=json"));
        if (repair != CheckResult.Repair.NONE) {
            args.addAll(List.of("-r", repair.name().toLowerCase()));
        }
        args.add("q" + ext);
        QemuImg.Run qemu = QemuImg.run(work, args.toArray(String[]::new));
        Path j = work.resolve("j" + ext);
        int jvirtExit;
        CheckResult result = null;
        if (!ImageChecks.supported(c.format(), repair)) {
            try {
                ImageChecks.open(j, c.format());
                jvirtExit = 63;
            } catch (ImageException e) {
                jvirtExit = 1;
            }
        } else {
            try {
                result = ImageChecks.check(j, c.format(), repair);
                jvirtExit = result.exitCode();
            } catch (ImageException e) {
                jvirtExit = 1;
            }
        }
        boolean better = c.jvirtRepairsAll() && repair == CheckResult.Repair.ALL;
        if (better) {
            assertThat(jvirtExit).as("jvirt repairs what qemu's repair fails on").isZero();
            assertThat(qemu.exit()).isEqualTo(1);
        } else {
            assertThat(jvirtExit).as("exit code; qemu said:\n" + qemu.out()).isEqualTo(qemu.exit());
            if (result != null) {
                assertThat(findings(result.messages())).as("finding lines").isEqualTo(findings(qemu.out()));
                if (qemu.exit() != 1) {
                    assertThat(counts(result)).as("counts").isEqualTo(json(qemu.out()));
                }
            }
        }
        QemuImg.Run after = QemuImg.run(work, "check", "--output=json", "j" + ext);
        QemuImg.Run qemuAfter = QemuImg.run(work, "check", "--output=json", "q" + ext);
        if (result != null && result.failure().isEmpty() && result.checkErrors() == 0) {
            assertThat(after.exit()).as("qemu-img on jvirt's result:\n" + after.out()).isEqualTo(result.exitCode());
            Map<String, Long> now = json(after.out());
            Map<String, Long> mine = counts(result);
            mine.remove("corruptions-fixed");
            mine.remove("leaks-fixed");
            assertThat(now).as("qemu-img counts after jvirt's check").isEqualTo(mine);
        } else if (!better) {
            assertThat(after.exit()).as("state after a failed check").isEqualTo(qemuAfter.exit());
        }
        if (repair != CheckResult.Repair.NONE && result != null && result.exitCode() == 0) {
            assertThat(QemuImg.run(work, "info", "j" + ext).out()).doesNotContain("corrupt: true");
        }
    }

    /** The numbers qemu-img's JSON would show for a result (zero-valued optional members left out). */
    private static Map<String, Long> counts(CheckResult c) {
        Map<String, Long> m = new TreeMap<>();
        m.put("check-errors", c.checkErrors());
        put(m, "corruptions", c.corruptions());
        put(m, "leaks", c.leaks());
        put(m, "corruptions-fixed", c.corruptionsFixed());
        put(m, "leaks-fixed", c.leaksFixed());
        put(m, "image-end-offset", c.imageEndOffset());
        put(m, "total-clusters", c.totalClusters());
        put(m, "allocated-clusters", c.allocatedClusters());
        put(m, "fragmented-clusters", c.fragmentedClusters());
        put(m, "compressed-clusters", c.compressedClusters());
        return m;
    }

    private static void put(Map<String, Long> m, String k, long v) {
        if (v != 0) {
            m.put(k, v);
        }
    }

    private static Map<String, Long> json(String out) {
        Map<String, Long> m = new TreeMap<>();
        Matcher x = JSON_NUMBER.matcher(out);
        while (x.find()) {
            m.put(x.group(1), Long.parseLong(x.group(2)));
        }
        return m;
    }

    private static List<String> findings(List<String> lines) {
        return findings(String.join("\n", lines));
    }

    private static List<String> findings(String text) {
        List<String> out = new ArrayList<>();
        Matcher x = FINDING.matcher(text);
        while (x.find()) {
            out.add(x.group());
        }
        out.sort(null);
        return out;
    }

}
