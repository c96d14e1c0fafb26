package io.jvirt.daemon.host;

import io.jvirt.conf.domain.DomainType;
import io.jvirt.qemu.argv.Accel;

/**
 * Chooses the accelerator for a domain: KVM when the domain asks for it and KVM really
 * boots guests on this host (probed once), TCG otherwise, with a sentence saying why when
 * the choice differs from the request.
 */
public interface AccelChooser {
    /** The accelerator to use and, when it is not what was asked for, why. */
    record Choice(Accel accel, String note) { }

    Choice choose(DomainType requested);

    /** The best accelerator that works on this host, with the reason. */
    Choice hostBest();
}
