package io.jvirt.conf.storage;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * The {@code <permissions>} of a pool directory or a volume file.
 *
 * @param mode the permission bits (0 to 0777), or null for the default
 * @param owner the owner's uid, -1 for "leave as is", or null
 * @param group the group's gid, -1 for "leave as is", or null
 * @param label the security (SELinux) label, or null
 */
public record Permissions(Integer mode, Long owner, Long group, String label) {

    /** Largest accepted uid or gid. */
    public static final long MAX_ID = 0xFFFF_FFFEL;

    /** No permissions given. */
    public static final Permissions NONE = new Permissions(null, null, null, null);

    /** Validates the values. */
    public Permissions {
        if (mode != null && (mode < 0 || mode > 0777)) {
            throw new ConfException(Kind.INVALID_VALUE, "The permission mode " + Integer.toOctalString(mode)
                    + " is out of range; write an octal mode from 0000 to 0777.");
        }
        checkId(owner, "owner");
        checkId(group, "group");
        StorageChecks.noControl(label, "The security label");
    }

    private static void checkId(Long id, String what) {
        if (id != null && (id < -1 || id > MAX_ID)) {
            throw new ConfException(Kind.INVALID_VALUE, "The " + what + " id " + id
                    + " is out of range; it must be -1 or from 0 to " + MAX_ID + ".");
        }
    }

    /** Returns whether nothing is given. */
    public boolean isEmpty() {
        return mode == null && owner == null && group == null && label == null;
    }

    /** Returns the mode as libvirt writes it, four octal digits such as {@code 0711}, or null. */
    public String modeText() {
        return mode == null ? null : String.format("%04o", mode);
    }
}
