package io.jvirt.image.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Builds damaged images for the check tests: a real image made by qemu-img / qemu-io, then byte
 * surgery at offsets read from the image's own metadata.
 */
final class Damage {

    /** A 64 MiB qcow2 (64 KiB clusters) with 1 MiB of data at 0 and 512 KiB at 8 MiB. */
    static final String QCOW2_BASE = "base.qcow2";

    private Damage() {
    }

    /** One byte-level change of a copy of a base image. */
    @FunctionalInterface
    interface Surgery {
        void apply(RandomAccessFile f) throws IOException;
    }

    static void qcow2Base(Path dir) {
        QemuImg.ok(dir, "create", "-q", "-f", "qcow2", QCOW2_BASE, "64M");
        QemuIo.ok(dir, QCOW2_BASE, "write -P 1 0 1M", "write -P 2 8M 512k");
    }

    static void compressed(Path dir) {
        QemuImg.ok(dir, "convert", "-c", "-O", "qcow2", QCOW2_BASE, "compressed.qcow2");
        QemuIo.ok(dir, "compressed.qcow2", "write -P 3 4M 64k", "write -P 3 2M 64k");
    }

    static void vmdk(Path dir, String subformat, String name) {
        QemuImg.ok(dir, "convert", "-O", "vmdk", "-o", "subformat=" + subformat, QCOW2_BASE, name);
    }

    static void vdi(Path dir) {
        QemuImg.ok(dir, "convert", "-O", "vdi", QCOW2_BASE, "base.vdi");
    }

    /** Copies {@code base} to {@code name} and applies the surgery. */
    static Path copy(Path dir, String base, String name, Surgery s) throws IOException {
        Path p = dir.resolve(name);
        Files.copy(dir.resolve(base), p);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            s.apply(f);
        }
        return p;
    }

    static long be64(RandomAccessFile f, long at) throws IOException {
        f.seek(at);
        return f.readLong();
    }

    static void putBe64(RandomAccessFile f, long at, long v) throws IOException {
        f.seek(at);
        f.writeLong(v);
    }

    static long l1Offset(RandomAccessFile f) throws IOException {
        return be64(f, 40);
    }

    static long refTableOffset(RandomAccessFile f) throws IOException {
        return be64(f, 48);
    }

    /** Offset of the first refcount block. */
    static long refBlock(RandomAccessFile f) throws IOException {
        return be64(f, refTableOffset(f));
    }

    /** Offset of the L2 table of L1 entry 0. */
    static long l2(RandomAccessFile f) throws IOException {
        return be64(f, l1Offset(f)) & 0x00fffffffffffe00L;
    }

    static void zero(RandomAccessFile f, long at, int len) throws IOException {
        f.seek(at);
        f.write(new byte[len]);
    }

    /** Sets the 16-bit refcount of a cluster. */
    static void refcount(RandomAccessFile f, long cluster, int value) throws IOException {
        f.seek(refBlock(f) + cluster * 2);
        f.writeShort(value);
    }

    static int le32(RandomAccessFile f, long at) throws IOException {
        f.seek(at);
        return Integer.reverseBytes(f.readInt());
    }

    static void putLe32(RandomAccessFile f, long at, int v) throws IOException {
        f.seek(at);
        f.writeInt(Integer.reverseBytes(v));
    }

    /** Byte offset of the first grain table of a hosted sparse VMDK. */
    static long grainTable(RandomAccessFile f) throws IOException {
        f.seek(56);
        long gd = Long.reverseBytes(f.readLong()) * 512;
        return Integer.toUnsignedLong(le32(f, gd)) * 512;
    }

    static long grainDirectory(RandomAccessFile f) throws IOException {
        f.seek(56);
        return Long.reverseBytes(f.readLong()) * 512;
    }

    /** Byte offset of a VDI block map. */
    static long blockMap(RandomAccessFile f) throws IOException {
        return Integer.toUnsignedLong(le32(f, 0x154));
    }

    static byte[] bytes(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
