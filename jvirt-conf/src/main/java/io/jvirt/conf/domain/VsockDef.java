package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * A {@code <vsock>} device: a virtio socket between guest and host ({@code vhost-vsock-pci}),
 * reached by the guest's context id. One per domain.
 *
 * @param model the virtio flavour; libvirt writes virtio when none is given
 * @param autoCid whether the host picks a free context id at start ({@code <cid auto>}), or null
 * @param cid the context id, 3 or more; or null until one is picked
 * @param options the virtio options of its {@code <driver>}
 * @param address where it sits, or null
 */
public record VsockDef(VirtioModel model, Boolean autoCid, Integer cid, VirtioOptions options, Address address)
        implements DeviceDef {

    /** Validates the context id, as libvirt does. */
    public VsockDef {
        model = model == null ? VirtioModel.VIRTIO : model;
        options = options == null ? VirtioOptions.NONE : options;
        if (cid != null && cid < 3) {
            throw new ConfException(Kind.INVALID_VALUE, "The vsock guest CID must be 3 or more, not " + cid + ".");
        }
        if (model == VirtioModel.VIRTIO_TRANSITIONAL) {
            throw new ConfException(Kind.UNSUPPORTED,
                    "QEMU has no transitional vsock device; use model 'virtio' or 'virtio-non-transitional'.");
        }
        if (address != null && !(address instanceof Address.Pci)) {
            throw new ConfException(Kind.INVALID_VALUE, "A vsock device accepts only a pci address.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public VsockDef withAddress(Address newAddress) {
        return new VsockDef(model, autoCid, cid, options, newAddress);
    }

    /**
     * Returns a copy with the context id the host picked at start, as libvirt's live XML shows it.
     *
     * @param picked the context id
     * @return the copy
     */
    public VsockDef withCid(int picked) {
        return new VsockDef(model, autoCid, picked, options, address);
    }

    /** Returns whether the host must pick the context id: {@code auto='yes'}, or no address given. */
    public boolean needsCid() {
        return Boolean.TRUE.equals(autoCid) || cid == null;
    }
}
