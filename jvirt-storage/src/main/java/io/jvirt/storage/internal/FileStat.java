package io.jvirt.storage.internal;

/**
 * What stat(2) says about a file, without following a final symbolic link, as the raw
 * numbers; the text forms ({@link #atime()}, {@link #rdev()}...) are made only when asked
 * for, since a pool refresh stats every file and mostly only compares.
 *
 * @param mode st_mode: file type and permission bits
 * @param uid owner
 * @param gid group
 * @param size st_size in bytes
 * @param allocated bytes occupied on disk (st_blocks * 512)
 * @param rawRdev st_rdev as the kernel encodes it
 * @param atimeSec last access, seconds
 * @param atimeNsec last access, nanoseconds
 * @param mtimeSec last modification, seconds
 * @param mtimeNsec last modification, nanoseconds
 * @param ctimeSec last status change, seconds
 * @param ctimeNsec last status change, nanoseconds
 */
public record FileStat(int mode, long uid, long gid, long size, long allocated, long rawRdev, long atimeSec,
                       long atimeNsec, long mtimeSec, long mtimeNsec, long ctimeSec, long ctimeNsec) {

    private static final int S_IFMT = 0170000;

    /**
     * Returns whether another status has the same numbers (a hand-written equals: a refresh
     * compares every file's status, and the generated record equals is slow before the JIT).
     *
     * @param o the other status
     * @return true when every field is equal
     */
    public boolean sameAs(FileStat o) {
        return mode == o.mode && uid == o.uid && gid == o.gid && size == o.size && allocated == o.allocated
                && rawRdev == o.rawRdev && atimeSec == o.atimeSec && atimeNsec == o.atimeNsec && mtimeSec == o.mtimeSec
                && mtimeNsec == o.mtimeNsec && ctimeSec == o.ctimeSec && ctimeNsec == o.ctimeNsec;
    }

    /** Returns whether the file is a regular file. */
    public boolean isRegular() {
        return (mode & S_IFMT) == 0100000;
    }

    /** Returns whether the file is a symbolic link. */
    public boolean isSymlink() {
        return (mode & S_IFMT) == 0120000;
    }

    /** Returns whether the file is a directory. */
    public boolean isDirectory() {
        return (mode & S_IFMT) == 0040000;
    }

    /** Returns whether the file is a block device. */
    public boolean isBlockDevice() {
        return (mode & S_IFMT) == 0060000;
    }

    /** Returns the permission bits. */
    public int permissions() {
        return mode & 0777;
    }

    /** Returns st_rdev as "major:minor" for device files. */
    public String rdev() {
        long major = ((rawRdev >>> 32) & 0xfffff000L) | ((rawRdev >>> 8) & 0xfffL);
        long minor = ((rawRdev >>> 12) & 0xffffff00L) | (rawRdev & 0xffL);
        return major + ":" + minor;
    }

    /** Returns the last access as "seconds.nanoseconds". */
    public String atime() {
        return time(atimeSec, atimeNsec);
    }

    /** Returns the last modification as "seconds.nanoseconds". */
    public String mtime() {
        return time(mtimeSec, mtimeNsec);
    }

    /** Returns the last status change as "seconds.nanoseconds". */
    public String ctime() {
        return time(ctimeSec, ctimeNsec);
    }

    private static String time(long sec, long nsec) {
        String n = Long.toString(nsec);
        return sec + "." + "000000000".substring(n.length()) + n;
    }
}
