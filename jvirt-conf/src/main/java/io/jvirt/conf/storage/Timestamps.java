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

    private static void check(String v, String what) {
        if (v != null && !valid(v)) {
            throw new io.jvirt.conf.ConfException(io.jvirt.conf.ConfException.Kind.INVALID_VALUE, "The " + what
                    + " timestamp '" + StorageChecks.printable(v) + "' is not valid; write seconds.nanoseconds.");
        }
    }

    /** {@code [0-9]{1,19}(\.[0-9]{1,9})?}, without a regular expression: every refreshed volume has three. */
    private static boolean valid(String v) {
        int dot = v.indexOf('.');
        int secs = dot < 0 ? v.length() : dot;
        if (secs < 1 || secs > 19 || !digits(v, 0, secs)) {
            return false;
        }
        if (dot < 0) {
            return true;
        }
        int frac = v.length() - dot - 1;
        return frac >= 1 && frac <= 9 && digits(v, dot + 1, v.length());
    }

    private static boolean digits(String v, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Returns whether no time is given. */
    public boolean isEmpty() {
        return atime == null && btime == null && ctime == null && mtime == null;
    }
}
