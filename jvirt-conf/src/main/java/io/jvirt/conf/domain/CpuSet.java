package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A set of CPU or NUMA node numbers in libvirt's bitmap syntax: ranges and single numbers
 * separated by commas, a {@code ^} excluding a number or range named earlier
 * ({@code 0-3,^1,8}). Numbers go from 0 to {@value #MAX_ID}, libvirt's limit. It prints itself
 * as libvirt formats a bitmap: ascending ranges, {@code 0-2,5}.
 *
 * <p>Used for {@code <vcpu cpuset>}, {@code <vcpupin cpuset>}, NUMA cell {@code cpus} and
 * {@code <numatune>} node sets.
 *
 * @param bits the members; never empty
 */
public record CpuSet(BitSet bits) {

    /** The largest number a set may hold (libvirt's {@code VIR_DOMAIN_CPUMASK_LEN} - 1). */
    public static final int MAX_ID = 16383;

    /** Copies the bits and checks that the set is not empty. */
    public CpuSet {
        bits = (BitSet) bits.clone();
        if (bits.isEmpty()) {
            throw new ConfException(Kind.INVALID_VALUE, "A CPU or node set must name at least one number.");
        }
    }

    /**
     * Parses libvirt's syntax.
     *
     * @param text the text, such as {@code 0-3,^2}
     * @param what the noun for messages, such as "The vcpupin cpuset"
     * @return the set
     * @throws ConfException when the text is malformed, a number is past {@value #MAX_ID}, or
     *     nothing is left after the exclusions
     */
    public static CpuSet parse(String text, String what) {
        BitSet bits = new BitSet();
        String shown = Checks.printable(text);
        for (String raw : text.split(",", -1)) {
            String part = raw.strip();
            boolean exclude = part.startsWith("^");
            if (exclude) {
                part = part.substring(1);
            }
            int dash = part.indexOf('-');
            int from = number(dash < 0 ? part : part.substring(0, dash), what, shown);
            int to = dash < 0 ? from : number(part.substring(dash + 1), what, shown);
            if (to < from) {
                throw new ConfException(Kind.INVALID_VALUE, what + " '" + shown + "' has the range " + from + "-" + to
                        + ", which ends before it starts.");
            }
            if (exclude && dash >= 0) {
                throw new ConfException(Kind.INVALID_VALUE, what + " '" + shown
                        + "' excludes a range; '^' takes a single number.");
            }
            if (exclude) {
                bits.clear(from);
            } else {
                bits.set(from, to + 1);
            }
        }
        if (bits.isEmpty()) {
            throw new ConfException(Kind.INVALID_VALUE, what + " '" + shown + "' names no number at all.");
        }
        return new CpuSet(bits);
    }

    private static int number(String s, String what, String shown) {
        if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ConfException(Kind.INVALID_VALUE, what + " '" + shown + "' is not valid; write numbers and "
                    + "ranges separated by commas, such as 0-3,^2,8.");
        }
        int n = Integer.parseInt(s);
        if (n > MAX_ID) {
            throw new ConfException(Kind.INVALID_VALUE, what + " '" + shown + "' names " + n + "; the largest "
                    + "number allowed is " + MAX_ID + ".");
        }
        return n;
    }

    /**
     * A set of the given numbers.
     *
     * @param ids the numbers, at least one
     * @return the set
     */
    public static CpuSet of(int... ids) {
        BitSet b = new BitSet();
        for (int id : ids) {
            b.set(id);
        }
        return new CpuSet(b);
    }

    /** Returns the set of numbers from {@code from} to {@code to}, both included. */
    public static CpuSet range(int from, int to) {
        BitSet b = new BitSet();
        b.set(from, to + 1);
        return new CpuSet(b);
    }

    /** Returns whether {@code id} is a member. */
    public boolean contains(int id) {
        return id >= 0 && bits.get(id);
    }

    /** Returns how many numbers the set holds. */
    public int size() {
        return bits.cardinality();
    }

    /** Returns the largest member. */
    public int max() {
        return bits.length() - 1;
    }

    /** Returns whether the two sets share a member. */
    public boolean overlaps(CpuSet other) {
        return bits.intersects(other.bits);
    }

    /** Returns the members in ascending order. */
    public List<Integer> ids() {
        List<Integer> out = new ArrayList<>();
        bits.stream().forEach(out::add);
        return out;
    }

    /** Returns a copy of the members as a bit set. */
    @Override
    public BitSet bits() {
        return (BitSet) bits.clone();
    }

    /** Returns the ranges of consecutive members, each as {@code [first, last]}. */
    public List<int[]> ranges() {
        List<int[]> out = new ArrayList<>();
        int start = bits.nextSetBit(0);
        while (start >= 0) {
            int end = bits.nextClearBit(start) - 1;
            out.add(new int[] {start, end});
            start = bits.nextSetBit(end + 1);
        }
        return out;
    }

    /** Returns libvirt's spelling: ascending ranges, {@code 0-2,5}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int[] r : ranges()) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(r[0]);
            if (r[1] > r[0]) {
                sb.append('-').append(r[1]);
            }
        }
        return sb.toString();
    }
}
