package io.jvirt.image.lock;

import java.util.ArrayList;
import java.util.List;

/**
 * What one image file's user holds and lets others hold: QEMU's {@code perm} and {@code
 * shared_perm} of a file node, as {@link Permission} bit masks. The lock bytes follow from it:
 * a read lock on {@code 100 + bit} for each permission held and on {@code 200 + bit} for each
 * one not shared; the checks are the mirror image (nobody may have locked {@code 200 + bit} of a
 * permission held, nor {@code 100 + bit} of one not shared).
 *
 * @param perm the permissions held
 * @param shared the permissions others may hold too
 */
public record LockPerms(int perm, int shared) {

    /** Holds nothing and shares everything: no lock bytes at all. */
    public static final LockPerms NONE = new LockPerms(0, Permission.ALL);

    /** Holds everything and shares nothing: refused while anyone holds any lock byte of the file (deleting it). */
    public static final LockPerms EXCLUSIVE = new LockPerms(Permission.ALL, 0);

    /** Checks the masks. */
    public LockPerms {
        if ((perm & ~Permission.ALL) != 0 || (shared & ~Permission.ALL) != 0) {
            throw new IllegalArgumentException("permission masks have four bits, not " + perm + "/" + shared);
        }
    }

    /**
     * @param p a permission
     * @return whether it is held
     */
    public boolean holds(Permission p) {
        return (perm & p.bit()) != 0;
    }

    /**
     * @param p a permission
     * @return whether others may hold it
     */
    public boolean shares(Permission p) {
        return (shared & p.bit()) != 0;
    }

    /** @return whether no byte is locked (nothing held, everything shared) */
    public boolean none() {
        return perm == 0 && shared == Permission.ALL;
    }

    /**
     * What two phases of one operation hold together: their permissions, and only what both share.
     *
     * @param other the other phase
     * @return the union
     */
    public LockPerms union(LockPerms other) {
        return new LockPerms(perm | other.perm, shared & other.shared);
    }

    /** @return the bytes locked, in the order QEMU locks them (held bytes, then unshared bytes) */
    public List<Integer> lockedBytes() {
        List<Integer> out = new ArrayList<>();
        for (Permission p : Permission.values()) {
            if (holds(p)) {
                out.add(p.heldByte());
            }
        }
        for (Permission p : Permission.values()) {
            if (!shares(p)) {
                out.add(p.unsharedByte());
            }
        }
        return out;
    }

    /** @return the bytes that must be free of other users' locks, in QEMU's order */
    public List<Integer> checkedBytes() {
        List<Integer> out = new ArrayList<>();
        for (Permission p : Permission.values()) {
            if (holds(p)) {
                out.add(p.unsharedByte());
            }
        }
        for (Permission p : Permission.values()) {
            if (!shares(p)) {
                out.add(p.heldByte());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "holds [" + Permission.names(perm) + "], shares [" + Permission.names(shared) + "]";
    }
}
