package io.jvirt.daemon.agent;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The groups of {@code guestinfo} (virsh's --user, --os, --timezone, --hostname, --filesystem, --disk, --interface). */
public enum GuestInfoType {
    USER, OS, TIMEZONE, HOSTNAME, FILESYSTEM, DISK, INTERFACE;

    /** The lowercase word used on the REST API and by virsh's options. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses comma-separated words; empty means every group.
     *
     * @throws DaemonException INVALID_ARGUMENT naming the unknown words
     */
    public static Set<GuestInfoType> parse(String words) {
        Set<GuestInfoType> out = EnumSet.noneOf(GuestInfoType.class);
        if (words == null || words.isBlank()) {
            return out;
        }
        StringBuilder bad = new StringBuilder();
        for (String w : words.split(",")) {
            GuestInfoType found = null;
            for (GuestInfoType t : values()) {
                if (t.word().equals(w.strip())) {
                    found = t;
                }
            }
            if (found == null) {
                bad.append(bad.isEmpty() ? "" : ", ").append('\'').append(w.strip()).append('\'');
            } else {
                out.add(found);
            }
        }
        if (!bad.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Unknown guest information types " + bad
                    + "; the types are user, os, timezone, hostname, filesystem, disk and interface.");
        }
        return out;
    }
}
