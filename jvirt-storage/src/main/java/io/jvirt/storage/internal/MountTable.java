package io.jvirt.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The kernel's mount table as {@code /proc/self/mountinfo} shows it. */
public final class MountTable {

    /**
     * One mounted file system.
     *
     * @param majorMinor the st_dev of files on it, "major:minor"
     * @param mountPoint where it is mounted
     * @param fsType the file system type
     * @param source the mounted device or source as given to mount
     */
    public record Mount(String majorMinor, String mountPoint, String fsType, String source) {
    }

    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    /**
     * Reads the current mount table.
     *
     * @return the table
     * @throws IOException when /proc/self/mountinfo cannot be read
     */
    public static MountTable read() throws IOException {
        return parse(Files.readString(Path.of("/proc/self/mountinfo")));
    }

    /**
     * Parses mountinfo text (see proc(5)).
     *
     * @param text the file's content
     * @return the table
     */
    public static MountTable parse(String text) {
        List<Mount> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 10 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            out.add(new Mount(f[2], unescape(f[4]), unescape(f[dash + 1]), unescape(f[dash + 2])));
        }
        return new MountTable(out);
    }

    /** Undoes the kernel's octal escapes of space, tab, newline and backslash. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()
                    && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Returns all mounts, in mount order. */
    public List<Mount> mounts() {
        return mounts;
    }

    /**
     * Returns the file system mounted last on a directory (the one visible there).
     *
     * @param mountPoint the directory, as an absolute real path
     * @return the mount, or empty when nothing is mounted there
     */
    public Optional<Mount> at(String mountPoint) {
        Mount found = null;
        for (Mount m : mounts) {
            if (m.mountPoint().equals(mountPoint)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Returns the mounts of a block device, matched by its path or its device number.
     *
     * @param devicePath the device's real path, such as /dev/loop3
     * @param majorMinor its st_rdev as "major:minor", or null
     * @return the mounts, possibly none
     */
    public List<Mount> ofDevice(String devicePath, String majorMinor) {
        return mounts.stream().filter(m -> m.source().equals(devicePath)
                || (majorMinor != null && m.majorMinor().equals(majorMinor))).toList();
    }
}
