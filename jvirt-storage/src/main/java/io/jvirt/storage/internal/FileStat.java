package io.jvirt.storage.internal;

/**
 * What stat(2) says about a file, without following a final symbolic link.
 *
 * @param mode st_mode: file type and permission bits
 * @param uid owner
 * @param gid group
 * @param size st_size in bytes
 * @param allocated bytes occupied on disk (st_blocks * 512)
 * @param rdev st_rdev as "major:minor" for device files
 * @param atime last access as "seconds.nanoseconds"
 * @param mtime last modification
 * @param ctime last status change
 */
public record FileStat(int mode, long uid, long gid, long size, long allocated, String rdev, String atime,
                       String mtime, String ctime) {

    private static final int S_IFMT = 0170000;

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
}
