package io.jvirt.storage.internal;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.storage.VolumeDef;
import io.jvirt.storage.PoolRefresh;
import io.jvirt.storage.StorageException;
import io.jvirt.storage.StorageException.Kind;
import io.jvirt.storage.VolumeInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists a pool directory and reads every volume in it. The directory is read once; the
 * volumes are read in parallel, in contiguous slices, one platform thread per CPU. (Virtual
 * threads were slower here: every file call is a blocking system call that pins its
 * carrier, and the work is CPU-bound on cached metadata.)
 */
public final class VolumeScanner {

    /** Volumes per slice below which a second thread does not pay off. */
    private static final int MIN_SLICE = 32;

    private VolumeScanner() {
    }

    /**
     * Scans a pool directory.
     *
     * @param dir the pool directory
     * @return the volumes and the entries skipped
     */
    public static PoolRefresh scan(VolumeDir dir) {
        return scan(dir, java.util.Map.of());
    }

    /**
     * Scans a pool directory, reusing what an earlier scan read from a file's header when the
     * file's size, mtime and ctime are unchanged (any write or header change moves them).
     *
     * @param dir the pool directory
     * @param previous volumes of an earlier scan, by name
     * @return the volumes and the entries skipped
     */
    public static PoolRefresh scan(VolumeDir dir, java.util.Map<String, VolumeInfo> previous) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.dir())) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw new StorageException(Kind.IO, dir.pool(), null, "The directory " + dir.dir() + " of pool '"
                    + dir.pool() + "' cannot be listed: " + HostFiles.describe(e) + ".", e);
        }
        int threads = Math.clamp(names.size() / MIN_SLICE, 1, Runtime.getRuntime().availableProcessors());
        Object[] results = new Object[names.size()];
        if (threads == 1) {
            scanSlice(dir, previous, names, 0, names.size(), results);
        } else {
            List<Thread> workers = new ArrayList<>();
            int per = (names.size() + threads - 1) / threads;
            for (int from = 0; from < names.size(); from += per) {
                int start = from;
                int end = Math.min(names.size(), from + per);
                workers.add(Thread.ofPlatform().daemon().name("pool-refresh").start(
                        () -> scanSlice(dir, previous, names, start, end, results)));
            }
            try {
                for (Thread t : workers) {
                    t.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException(Kind.IO, dir.pool(), null,
                        "Refreshing pool '" + dir.pool() + "' was interrupted.", e);
            }
        }
        List<VolumeInfo> volumes = new ArrayList<>();
        List<PoolRefresh.Skipped> skipped = new ArrayList<>();
        for (Object r : results) {
            switch (r) {
                case VolumeInfo v -> volumes.add(v);
                case PoolRefresh.Skipped s -> skipped.add(s);
                case null -> { }
                default -> throw new IllegalStateException("unexpected scan result " + r);
            }
        }
        volumes.sort(Comparator.comparing(VolumeInfo::name));
        skipped.sort(Comparator.comparing(PoolRefresh.Skipped::name));
        return new PoolRefresh(volumes, skipped);
    }

    private static void scanSlice(VolumeDir dir, java.util.Map<String, VolumeInfo> previous, List<String> names,
                                  int from, int to, Object[] out) {
        for (int i = from; i < to; i++) {
            out[i] = scanOne(dir, previous, names.get(i));
        }
    }

    private static Object scanOne(VolumeDir dir, java.util.Map<String, VolumeInfo> previous, String name) {
        if (name.startsWith(".")) {
            return null;
        }
        try {
            VolumeDef.validateName(name);
        } catch (ConfException e) {
            return new PoolRefresh.Skipped(name, e.detail());
        }
        Path p = dir.dir().resolve(name);
        FileStat st;
        try {
            st = Native.lstat(p);
        } catch (Native.NativeError e) {
            return e.errno() == 2 ? null : new PoolRefresh.Skipped(name, "It cannot be examined: " + e.getMessage() + ".");
        }
        if (st.isSymlink()) {
            return new PoolRefresh.Skipped(name, "It is a symbolic link, which jvirt does not follow out of a pool.");
        }
        if (!st.isRegular()) {
            return new PoolRefresh.Skipped(name, "It is not a regular file.");
        }
        VolumeInfo before = previous.get(name);
        if (before != null && before.physical() == st.size() && before.timestamps() != null
                && st.mtime().equals(before.timestamps().mtime()) && st.ctime().equals(before.timestamps().ctime())) {
            return VolumeReader.restat(before, st);
        }
        try {
            return VolumeReader.read(dir.pool(), new VolumeDir.Located(name, p, st));
        } catch (StorageException e) {
            return new PoolRefresh.Skipped(name, e.getMessage());
        }
    }
}
