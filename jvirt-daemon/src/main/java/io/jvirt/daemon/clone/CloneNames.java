package io.jvirt.daemon.clone;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** virt-clone's names for a clone and its disks. Pure. */
final class CloneNames {
    private static final Pattern CLONE_SUFFIX = Pattern.compile("-clone([1-9][0-9]*)?$");

    private CloneNames() {
    }

    /**
     * The clone's name from the original's: {@code NAME-clone}, then {@code NAME-clone1},
     * {@code NAME-clone2}...; an original named {@code X-clone} or {@code X-cloneN} gives
     * {@code X-clone1} or {@code X-clone(N+1)}, never {@code X-clone-clone}.
     */
    static String cloneName(String original, Predicate<String> taken) {
        String base = original;
        int start = 1;
        boolean forceNumber = false;
        Matcher m = CLONE_SUFFIX.matcher(original);
        if (m.find()) {
            forceNumber = true;
            if (m.group(1) != null) {
                start = Integer.parseInt(m.group(1)) + 1;
            }
            base = original.substring(0, m.start());
        }
        base = base + "-clone";
        if (!forceNumber && !taken.test(base)) {
            return base;
        }
        for (int i = start; ; i++) {
            String n = base + i;
            if (!taken.test(n)) {
                return n;
            }
        }
    }

    /**
     * A new disk's path from the original's: in the same directory, {@code NEWNAME.EXT} when the
     * original file is named after the original domain, else {@code FILE-clone.EXT}; with
     * {@code -1}, {@code -2}... before the extension while the path is taken. An extension is the
     * part after the last dot when it has at most 7 characters.
     */
    static String diskPath(String originalName, String newName, String originalPath, Predicate<String> taken) {
        String path = originalPath;
        String suffix = "";
        int dot = originalPath.lastIndexOf('.');
        if (dot >= 0 && originalPath.length() - dot - 1 <= 7) {
            path = originalPath.substring(0, dot);
            suffix = originalPath.substring(dot);
        }
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash + 1);
        String base = path.substring(slash + 1);
        String cloneBase = dir + (originalName != null && base.equals(originalName) ? newName : base + "-clone");
        if (!taken.test(cloneBase + suffix)) {
            return cloneBase + suffix;
        }
        for (int i = 1; ; i++) {
            String p = cloneBase + "-" + i + suffix;
            if (!taken.test(p)) {
                return p;
            }
        }
    }

    /** {@code path} with its extension (at most 7 characters after the last dot) replaced by {@code ext}. */
    static String withExtension(String path, String ext) {
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        boolean hasExt = dot > slash && path.length() - dot - 1 <= 7;
        return (hasExt ? path.substring(0, dot) : path) + ext;
    }
}
