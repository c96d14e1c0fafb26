package io.jvirt.daemon.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Durable, atomic file replacement: the new content goes to a temporary file in the same
 * directory, is fsynced, renamed over the target, and the directory is fsynced. A reader
 * sees either the old or the new file, never a mix, also after a power loss. Files are
 * created with mode 0600 ({@link PrivateFiles}): they are the daemon's own.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code target} atomically and durably. */
    public static void write(Path target, byte[] content) throws IOException {
        replace(target, content, true);
    }

    /**
     * Replaces {@code target} atomically but leaves durability to the caller (an fsync of the
     * file and its directory later): for files whose content is already durable elsewhere,
     * such as in a journal, and for runtime records, which describe what cannot outlive the
     * host (processes, bridges, mounts): a daemon that crashes leaves the page cache, and so
     * the file, in place, and after a host crash a lost or torn record describes nothing that
     * still runs (the loaders treat an unreadable record as a leftover).
     */
    public static void writeUnsynced(Path target, byte[] content) throws IOException {
        replace(target, content, false);
    }

    private static void replace(Path target, byte[] content, boolean durable) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PrivateFiles.fileMode())) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (durable) {
            syncDirectory(dir);
        }
    }

    /** Deletes {@code target} if present and makes the deletion durable. */
    public static void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            syncDirectory(target.toAbsolutePath().getParent());
        }
    }

    /** Flushes a directory's entries (creations, renames, deletions) to disk. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
