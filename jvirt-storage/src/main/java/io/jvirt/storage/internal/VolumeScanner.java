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
     * A volume as a scan found it, with the file status it was read with.
     *
     * @param info the volume
     * @param stat the file's status at the time
     */
    public record Seen(VolumeInfo info, FileStat stat) {
    }

    /**
     * What a scan found: the refresh result, and the volumes with their status for the next scan.
     *
     * @param refresh the volumes and skipped entries, by name
     * @param seen the volumes by name with the status they were read with
     */
    public record Result(PoolRefresh refresh, java.util.Map<String, Seen> seen) {
    }

    /**
     * Scans a pool directory.
     *
     * @param dir the pool directory
     * @return the volumes and the entries skipped
     */
    public static PoolRefresh scan(VolumeDir dir) {
        return scan(dir, java.util.Map.of()).refresh();
    }

    /**
     * Scans a pool directory, reusing an earlier scan's volume as it is when the file's status
     * (size, allocation, owner, mode, times) is unchanged, and its header facts when only the
     * access time or the allocation moved: any write or header change moves mtime and ctime.
     *
     * @param dir the pool directory
     * @param previous volumes of an earlier scan, by name
     * @return the volumes and the entries skipped, and what to pass to the next scan
     */
    public static Result scan(VolumeDir dir, java.util.Map<String, Seen> previous) {
        // File.list gives the names without a Path object per entry; null means an I/O error
        String[] listed = dir.dir().toFile().list();
        if (listed == null) {
            IOException why;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.dir())) {
                why = new IOException("the directory changed while it was listed");
            } catch (IOException e) {
                why = e;
            }
            throw new StorageException(Kind.IO, dir.pool(), null, "The directory " + dir.dir() + " of pool '"
                    + dir.pool() + "' cannot be listed: " + HostFiles.describe(why) + ".", why);
        }
        java.util.Arrays.sort(listed); // results come out in name order: no comparator over the volumes afterwards
        List<String> names = java.util.Arrays.asList(listed);
        int dirFd;
        try {
            dirFd = Native.openDirectory(dir.dir());
        } catch (Native.NativeError e) {
            dirFd = -1; // stat full paths instead
        }
        try {
            return scan(dir, previous, names, dirFd);
        } finally {
            if (dirFd >= 0) {
                Native.close(dirFd);
            }
        }
    }

    private static Result scan(VolumeDir dir, java.util.Map<String, Seen> previous, List<String> names, int dirFd) {
        int threads = Math.clamp(names.size() / MIN_SLICE, 1, Runtime.getRuntime().availableProcessors());
        Object[] results = new Object[names.size()];
        if (threads == 1) {
            scanSlice(dir, previous, names, 0, names.size(), results, dirFd);
        } else {
            List<Thread> workers = new ArrayList<>();
            int per = (names.size() + threads - 1) / threads;
            for (int from = 0; from < names.size(); from += per) {
                int start = from;
                int end = Math.min(names.size(), from + per);
                workers.add(Thread.ofPlatform().daemon().name("pool-refresh").start(
                        () -> scanSlice(dir, previous, names, start, end, results, dirFd)));
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
        List<VolumeInfo> volumes = new ArrayList<>(results.length);
        List<PoolRefresh.Skipped> skipped = new ArrayList<>();
        java.util.Map<String, Seen> seen = java.util.HashMap.newHashMap(results.length);
        for (Object r : results) {
            switch (r) {
                case Seen v -> {
                    volumes.add(v.info());
                    seen.put(v.info().name(), v);
                }
                case PoolRefresh.Skipped s -> skipped.add(s);
                case null -> { }
                default -> throw new IllegalStateException("unexpected scan result " + r);
            }
        }
        return new Result(new PoolRefresh(volumes, skipped), seen);
    }

    private static void scanSlice(VolumeDir dir, java.util.Map<String, Seen> previous, List<String> names,
                                  int from, int to, Object[] out, int dirFd) {
        for (int i = from; i < to; i++) {
            out[i] = scanOne(dir, previous, names.get(i), dirFd);
        }
    }

    private static Object scanOne(VolumeDir dir, java.util.Map<String, Seen> previous, String name, int dirFd) {
        if (name.startsWith(".")) {
            return null;
        }
        try {
            VolumeDef.validateName(name);
        } catch (ConfException e) {
            return new PoolRefresh.Skipped(name, e.detail());
        }
        FileStat st;
        try {
            st = dirFd >= 0 ? Native.lstatAt(dirFd, name) : Native.lstat(dir.dir().resolve(name));
        } catch (Native.NativeError e) {
            return e.errno() == 2 ? null : new PoolRefresh.Skipped(name, "It cannot be examined: " + e.getMessage() + ".");
        }
        if (st.isSymlink()) {
            return new PoolRefresh.Skipped(name, "It is a symbolic link, which jvirt does not follow out of a pool.");
        }
        if (!st.isRegular()) {
            return new PoolRefresh.Skipped(name, "It is not a regular file.");
        }
        Seen before = previous.get(name);
        if (before != null && before.stat().sameAs(st)) {
            return before;
        }
        if (before != null && before.stat().size() == st.size() && before.stat().mtimeSec() == st.mtimeSec()
                && before.stat().mtimeNsec() == st.mtimeNsec() && before.stat().ctimeSec() == st.ctimeSec()
                && before.stat().ctimeNsec() == st.ctimeNsec()) {
            return new Seen(VolumeReader.restat(before.info(), st), st);
        }
        try {
            return new Seen(VolumeReader.read(dir.pool(), new VolumeDir.Located(name, dir.dir().resolve(name), st)), st);
        } catch (StorageException e) {
            return new PoolRefresh.Skipped(name, e.getMessage());
        }
    }
}
