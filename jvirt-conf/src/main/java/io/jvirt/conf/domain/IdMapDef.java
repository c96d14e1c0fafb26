package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code <idmap>} of a domain: ranges of user and group ids mapped into a container's user
 * namespace. libvirt reads and keeps it for every domain type, but only its LXC driver applies
 * it; a QEMU guest has no user namespace, so jvirt keeps it in the definition and applies
 * nothing ({@code dominfo} says so). Entries are kept sorted by their first id, as libvirt
 * keeps them.
 *
 * @param uids the {@code <uid>} ranges, empty when none
 * @param gids the {@code <gid>} ranges, empty when none
 */
public record IdMapDef(List<Entry> uids, List<Entry> gids) {

    /** No id map. */
    public static final IdMapDef NONE = new IdMapDef(List.of(), List.of());

    /** Sorts the ranges by their first id. */
    public IdMapDef {
        uids = uids.stream().sorted(Comparator.comparingLong(Entry::start)).toList();
        gids = gids.stream().sorted(Comparator.comparingLong(Entry::start)).toList();
    }

    /** Returns whether there is no range at all. */
    public boolean isEmpty() {
        return uids.isEmpty() && gids.isEmpty();
    }

    /**
     * One {@code <uid>} or {@code <gid>} range.
     *
     * @param start the first id inside the namespace
     * @param target the host id {@code start} maps to
     * @param count how many ids the range covers
     */
    public record Entry(long start, long target, long count) {

        /** The largest id and count (libvirt reads them as unsigned 32-bit numbers). */
        public static final long MAX = 0xffffffffL;

        /** Validates the numbers (unsigned 32-bit, as libvirt reads them). */
        public Entry {
            for (long n : new long[] {start, target, count}) {
                if (n < 0 || n > MAX) {
                    throw new ConfException(Kind.INVALID_VALUE, "An <idmap> start, target or count must be from 0 to "
                            + MAX + ", not " + n + ".");
                }
            }
        }
    }
}
