package io.jvirt.image.qed;

import static io.jvirt.image.foreign.Hostile.assertRejected;

import io.jvirt.image.ImageException.Kind;
import io.jvirt.image.foreign.Hostile;
import io.jvirt.image.foreign.QemuImg;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged QED and qcow (version 1) images are refused with the right kind and sentence. */
class QedQcowHostileTest {

    @TempDir
    static Path dir;
    static Path qed;
    static Path qcow;

    @BeforeAll
    static void images() throws Exception {
        Path raw = dir.resolve("src.raw");
        java.nio.file.Files.write(raw, new byte[1 << 20]);
        QemuImg.run("create", "-q", "-f", "qed", dir.resolve("clean.qed").toString(), "4M");
        qed = dir.resolve("clean.qed");
        QemuImg.run("create", "-q", "-f", "qcow", dir.resolve("clean.qcow").toString(), "4M");
        qcow = dir.resolve("clean.qcow");
        for (String image : new String[] {qed.toString(), qcow.toString()}) {
            Process p = new ProcessBuilder("qemu-io", "-c", "write -P 0x33 0 64k", image).redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        }
    }

    @Test
    void qedHeaders() {
        assertRejected(Hostile.patch(qed, "features.qed", ByteOrder.LITTLE_ENDIAN, b -> b.putLong(16, 0x10)),
                Kind.UNSUPPORTED, "unknown feature bits 0x10");
        assertRejected(Hostile.patch(qed, "cluster.qed", ByteOrder.LITTLE_ENDIAN, b -> b.putInt(4, 3000)),
                Kind.CORRUPT, "cluster size 3000");
        assertRejected(Hostile.patch(qed, "table.qed", ByteOrder.LITTLE_ENDIAN, b -> b.putInt(8, 3)),
                Kind.CORRUPT, "table size of 3 clusters");
        assertRejected(Hostile.patch(qed, "huge.qed", ByteOrder.LITTLE_ENDIAN, b -> {
            b.putInt(4, 64 << 20);
            b.putInt(8, 16);
            b.putLong(48, (1L << 62) + 512);
        }), Kind.CORRUPT, "of at most 2^62 bytes");
        assertRejected(Hostile.patch(qed, "l1.qed", ByteOrder.LITTLE_ENDIAN, b -> b.putLong(40, 1L << 40)),
                Kind.CORRUPT, "the L1 table at offset");
        assertRejected(Hostile.patch(qed, "backing.qed", ByteOrder.LITTLE_ENDIAN, b -> {
            b.putLong(16, 1);
            b.putInt(56, 1 << 30);
            b.putInt(60, 10);
        }), Kind.CORRUPT, "backing file name");
    }

    @Test
    void qedTables() {
        assertRejected(Hostile.patch(qed, "l2.qed", ByteOrder.LITTLE_ENDIAN, b -> {
            long l1 = b.getLong(40);
            b.putLong((int) l1, 1L << 40);
        }), Kind.CORRUPT, "impossible L2 table offset");
        assertRejected(Hostile.patch(qed, "cluster-entry.qed", ByteOrder.LITTLE_ENDIAN, b -> {
            long l2 = b.getLong((int) b.getLong(40));
            b.putLong((int) l2, 4097);
        }), Kind.CORRUPT, "impossible cluster offset");
        assertRejected(Hostile.truncate(qed, "cut.qed", 40), Kind.TRUNCATED, "the header");
        assertRejected(Hostile.truncate(qed, "short.qed", 100), Kind.CORRUPT, "the L1 table");
    }

    @Test
    void qcowHeadersAndTables() {
        assertRejected(Hostile.patch(qcow, "size.qcow", ByteOrder.BIG_ENDIAN, b -> b.putLong(24, -1)),
                Kind.CORRUPT, "image size");
        assertRejected(Hostile.patch(qcow, "bits.qcow", ByteOrder.BIG_ENDIAN, b -> b.put(32, (byte) 20)),
                Kind.CORRUPT, "cluster size 2^20");
        assertRejected(Hostile.patch(qcow, "l2bits.qcow", ByteOrder.BIG_ENDIAN, b -> b.put(33, (byte) 30)),
                Kind.CORRUPT, "L2 table size");
        assertRejected(Hostile.patch(qcow, "aes.qcow", ByteOrder.BIG_ENDIAN, b -> b.putInt(36, 1)),
                Kind.UNSUPPORTED, "encrypted");
        assertRejected(Hostile.patch(qcow, "l1.qcow", ByteOrder.BIG_ENDIAN, b -> b.putLong(40, 1L << 40)),
                Kind.TRUNCATED, "the L1 table");
        assertRejected(Hostile.patch(qcow, "l2.qcow", ByteOrder.BIG_ENDIAN, b -> b.putLong((int) b.getLong(40),
                1L << 40)), Kind.TRUNCATED, "L2 table 0");
        assertRejected(Hostile.patch(qcow, "compressed.qcow", ByteOrder.BIG_ENDIAN, b -> {
            long l2 = b.getLong((int) b.getLong(40));
            b.putLong((int) l2, Long.MIN_VALUE | (100L << (63 - 12)) | 512);
        }), Kind.CORRUPT, "compressed cluster");
    }
}
