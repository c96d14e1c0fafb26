package io.jvirt.image.lock;

/**
 * QEMU 7.2's block permissions ({@code BLK_PERM_*} of include/block/block-common.h), in bit
 * order. A file node that holds permission {@code p} locks byte {@code 100 + bit}; one that does
 * not share it locks byte {@code 200 + bit}.
 */
public enum Permission {
    /** BLK_PERM_CONSISTENT_READ (0x01): reads see consistent data. */
    CONSISTENT_READ("consistent read"),
    /** BLK_PERM_WRITE (0x02): writes that change what a reader sees. */
    WRITE("write"),
    /** BLK_PERM_WRITE_UNCHANGED (0x04): writes that leave the visible data as it was. */
    WRITE_UNCHANGED("write unchanged"),
    /** BLK_PERM_RESIZE (0x08): changing the size. */
    RESIZE("resize");

    /** Offset of the first "holds a permission" byte (RAW_LOCK_PERM_BASE). */
    public static final int HELD_BASE = 100;
    /** Offset of the first "does not share a permission" byte (RAW_LOCK_SHARED_BASE). */
    public static final int UNSHARED_BASE = 200;
    /** Every permission (BLK_PERM_ALL). */
    public static final int ALL = 0x0f;

    private final String qemuName;

    Permission(String qemuName) {
        this.qemuName = qemuName;
    }

    /** @return the bit of this permission in a mask */
    public int bit() {
        return 1 << ordinal();
    }

    /** @return QEMU's name, as in its messages ({@code Failed to get "write" lock}) */
    public String qemuName() {
        return qemuName;
    }

    /** @return the byte locked by a holder of this permission */
    public int heldByte() {
        return HELD_BASE + ordinal();
    }

    /** @return the byte locked by a user that does not share this permission */
    public int unsharedByte() {
        return UNSHARED_BASE + ordinal();
    }

    /**
     * @param mask permission bits
     * @return the mask's names, comma-separated, as QEMU's bdrv_perm_names
     */
    public static String names(int mask) {
        StringBuilder sb = new StringBuilder();
        for (Permission p : values()) {
            if ((mask & p.bit()) != 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append(p.qemuName);
            }
        }
        return sb.toString();
    }
}
