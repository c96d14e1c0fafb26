package io.jvirt.image.qcow2;

/**
 * The counters of one qcow2 check pass (qemu's {@code BdrvCheckResult}). Mutable on purpose:
 * the passes add to it, and the refcount comparison is rerun from a saved copy when it repairs.
 */
final class CheckTally {

    long corruptions;
    long leaks;
    long checkErrors;
    long corruptionsFixed;
    long leaksFixed;
    long allocated;
    long fragmented;
    long compressed;

    CheckTally copy() {
        CheckTally t = new CheckTally();
        t.set(this);
        return t;
    }

    void set(CheckTally o) {
        corruptions = o.corruptions;
        leaks = o.leaks;
        checkErrors = o.checkErrors;
        corruptionsFixed = o.corruptionsFixed;
        leaksFixed = o.leaksFixed;
        allocated = o.allocated;
        fragmented = o.fragmented;
        compressed = o.compressed;
    }

    /** A fix worked: the finding moves from corruptions to corruptionsFixed. */
    void corruptionFixed() {
        corruptions--;
        corruptionsFixed++;
    }
}
