package io.jvirt.conf.storage;

/**
 * The {@code <timestamps>} of a volume as the host reported them ("seconds.nanoseconds");
 * output only, kept verbatim.
 *
 * @param atime last access, or null
 * @param btime birth, or null
 * @param ctime last status change, or null
 * @param mtime last modification, or null
 */
public record Timestamps(String atime, String btime, String ctime, String mtime) {

    /** Validates that each value is a number of seconds with an optional fraction. */
    public Timestamps {
        check(atime, "atime");
        check(btime, "btime");
        check(ctime, "ctime");
        check(mtime, "mtime");
    }

    private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile("[0-9]{1,19}(\\.[0-9]{1,9})?");

    private static void check(String v, String what) {
        if (v != null && !TIME.matcher(v).matches()) {
            throw new io.jvirt.conf.ConfException(io.jvirt.conf.ConfException.Kind.INVALID_VALUE, "The " + what
                    + " timestamp '" + StorageChecks.printable(v) + "' is not valid; write seconds.nanoseconds.");
        }
    }

    /** Returns whether no time is given. */
    public boolean isEmpty() {
        return atime == null && btime == null && ctime == null && mtime == null;
    }
}
