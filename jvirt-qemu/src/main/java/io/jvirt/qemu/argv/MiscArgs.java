package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.MemballoonDef;
import io.jvirt.conf.domain.RngDef;
import java.util.List;

/**
 * Renders the memory balloon and entropy devices. Every assigned definition has a
 * {@code <memballoon>} (libvirt adds a virtio one by default); the stats period is set over QMP
 * by the daemon, since it is not a command-line property.
 */
final class MiscArgs {

    private MiscArgs() {
    }

    static void balloon(List<String> argv, Layout layout, Devices devs) {
        MemballoonDef mb = devs.memballoon();
        if (mb == null) {
            return; // the address assigner gives every definition one
        }
        switch (mb.model()) {
            case VIRTIO -> {
                Opts o = layout.pci(Opts.of("virtio-balloon-pci").add("id", "balloon0"), mb.address());
                o.onOff("deflate-on-oom", mb.autodeflate());
                argv.add("-device");
                argv.add(o.toString());
            }
            case NONE -> {
                // no balloon requested
            }
        }
    }

    static void rngs(List<String> argv, Layout layout, Devices devs) {
        List<RngDef> rngs = devs.rngs();
        for (int i = 0; i < rngs.size(); i++) {
            RngDef r = rngs.get(i);
            argv.add("-object");
            argv.add(Opts.of("rng-random").add("id", "objrng" + i).add("filename", r.backendPath()).toString());
            argv.add("-device");
            argv.add(layout.pci(Opts.of("virtio-rng-pci").add("rng", "objrng" + i).add("id", "rng" + i)
                    .add("max-bytes", r.rateBytes())
                    .add("period", r.rateBytes() == null ? null : r.ratePeriodMs() == null ? 1000 : r.ratePeriodMs()),
                    r.address()).toString());
        }
    }
}
