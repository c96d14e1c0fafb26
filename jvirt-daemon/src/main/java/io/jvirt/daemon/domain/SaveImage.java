package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.image.DiskImage;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.ImageException;
import io.jvirt.image.Images;
import io.jvirt.image.SnapshotInfo;
import io.jvirt.image.qcow2.Qcow2Image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * jvirt's save image: a qcow2 file whose guest area starts with a header (magic, version,
 * whether the guest ran, the domain's XML with its secrets) and whose internal snapshot
 * {@link #TAG} holds the VM state QEMU's snapshot-save wrote. The header is written before
 * QEMU takes the snapshot, so loading the snapshot (which puts the guest area back as it was)
 * keeps it. The file is QEMU's own format: {@code qemu-img info} and {@code check} read it.
 *
 * @param xml the domain's definition when it was saved (with secrets)
 * @param wasRunning whether the guest ran (else it was paused)
 */
record SaveImage(String xml, boolean wasRunning) {
    /** The internal snapshot holding the VM state. */
    static final String TAG = "jvirt-save";
    private static final byte[] MAGIC = "jvirt-save-image".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER = MAGIC.length + 12;
    /** The guest area of the image (SnapshotImages makes it 1 MiB). */
    private static final int MAX = 1 << 20;

    /** Writes the header into the guest area of {@code file} (a qcow2 image) and syncs it. */
    void writeTo(Path file) {
        byte[] x = xml.getBytes(StandardCharsets.UTF_8);
        if (HEADER + x.length > MAX) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The domain's XML (" + x.length + " bytes) is too "
                    + "large for a save image header (at most " + (MAX - HEADER) + ").");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER + x.length);
        b.put(MAGIC).putInt(VERSION).putInt(wasRunning ? 1 : 0).putInt(x.length).put(x);
        byte[] bytes = b.array();
        // the guest area is written in whole 512-byte sectors; zeroes pad the rest
        byte[] padded = Arrays.copyOf(bytes, (bytes.length + 511) / 512 * 512);
        try (DiskImage img = Images.open(file, Images.OpenOptions.of(false).withBacking(false)
                .withAccess(ImageAccess.write()))) {
            img.write(0, padded, 0, padded.length);
            img.flush();
        } catch (ImageException e) {
            throw SnapshotImages.failed(file, e);
        }
        SnapshotImages.sync(file);
    }

    /**
     * Reads the header of a save image and checks that it holds a VM state.
     *
     * @throws DaemonException NOT_FOUND when the file is missing; INVALID_ARGUMENT when it is no
     *                         jvirt save image or is damaged (truncated, corrupt)
     */
    static SaveImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DaemonException(ErrorCode.NOT_FOUND, "The save image " + file + " does not exist.");
        }
        try (DiskImage img = Images.open(file, Images.OpenOptions.of(true).withBacking(false))) {
            if (!(img instanceof Qcow2Image q) || img.virtualSize() < HEADER) {
                throw notSave(file, "it is not in jvirt's save image format");
            }
            byte[] head = new byte[512];
            img.read(0, head, 0, head.length);
            ByteBuffer b = ByteBuffer.wrap(head);
            byte[] magic = new byte[MAGIC.length];
            b.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw notSave(file, "it is not in jvirt's save image format");
            }
            int version = b.getInt();
            if (version != VERSION) {
                throw notSave(file, "its format version " + version + " is not one this jvirt reads (" + VERSION + ")");
            }
            boolean running = b.getInt() == 1;
            int len = b.getInt();
            if (len <= 0 || HEADER + len > Math.min(MAX, img.virtualSize())) {
                throw notSave(file, "its header is damaged");
            }
            byte[] x = new byte[len];
            img.read(HEADER, x, 0, len);
            if (!SnapshotImages.hasSnapshot(file, TAG)) {
                throw notSave(file, "it holds no VM state (the save did not complete)");
            }
            checkComplete(file, q);
            return new SaveImage(new String(x, StandardCharsets.UTF_8), running);
        } catch (ImageException e) {
            throw notSave(file, "it cannot be read as a save image (" + e.getMessage() + ")");
        }
    }

    /** A truncated file: smaller than the VM state its snapshot records. */
    private static void checkComplete(Path file, Qcow2Image q) {
        try {
            long size = Files.size(file);
            long need = q.snapshots().stream().filter(s -> s.name().equals(TAG)).mapToLong(SnapshotInfo::vmStateSize)
                    .max().orElse(0);
            if (need > size) {
                throw notSave(file, "it is truncated (" + size + " bytes, smaller than its VM state of " + need
                        + " bytes)");
            }
        } catch (java.io.IOException e) {
            throw notSave(file, "its size cannot be read (" + e.getMessage() + ")");
        }
    }

    private static DaemonException notSave(Path file, String why) {
        return new DaemonException(ErrorCode.INVALID_ARGUMENT, "The file " + file + " cannot be restored: " + why
                + ". Nothing was changed.");
    }
}
