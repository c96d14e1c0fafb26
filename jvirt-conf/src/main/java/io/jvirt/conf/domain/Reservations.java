package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * {@code <reservations managed><source type='unix' path mode='client'/></reservations>} of a
 * LUN: SCSI persistent reservations go through a {@code qemu-pr-helper}, either one jvirtd
 * starts for the domain ({@code managed='yes'}) or one already listening on {@code path}.
 *
 * @param managed whether jvirtd starts the helper
 * @param path the socket of an unmanaged helper, or null when managed
 */
public record Reservations(boolean managed, String path) {
    /** A managed helper has no path; an unmanaged one needs it. */
    public Reservations {
        Checks.path(path, "The reservations socket path");
        if (managed && path != null) {
            throw new ConfException(Kind.CONFLICT,
                    "<reservations managed='yes'> has no <source>: jvirt places the helper's socket itself.");
        }
        if (!managed && path == null) {
            throw new ConfException(Kind.MISSING_VALUE,
                    "<reservations managed='no'> needs <source type='unix' path='...' mode='client'/>.");
        }
    }
}
