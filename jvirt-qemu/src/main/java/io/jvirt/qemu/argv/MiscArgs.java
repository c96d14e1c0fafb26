package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.MemballoonDef;
import io.jvirt.conf.domain.RngDef;
import io.jvirt.conf.domain.VirtioModel;
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
        VirtioModel model = mb == null ? null : mb.model().virtio();
        if (model == null) {
            return; // no balloon requested (the address assigner gives every definition one)
        }
        Opts o = NetArgs.virtio(Opts.of(model.device("virtio-balloon-pci")), mb.options()).add("id", "balloon0")
                .onOff("deflate-on-oom", mb.autodeflate()).onOff("free-page-reporting", mb.freePageReporting());
        argv.add("-device");
        argv.add(layout.pci(o, mb.address()).toString());
    }

    static void rngs(List<String> argv, Layout layout, Devices devs, LaunchContext ctx) {
        List<RngDef> rngs = devs.rngs();
        for (int i = 0; i < rngs.size(); i++) {
            RngDef r = rngs.get(i);
            String object = "objrng" + i;
            Opts backend = switch (r.backend()) {
                case RngDef.Backend.Random random -> Opts.of("rng-random").add("id", object)
                        .add("filename", random.path());
                case RngDef.Backend.Egd egd -> {
                    String chardev = "charrng" + i;
                    Chardevs.add(argv, chardev, egd.source(), ctx.runDir().resolve(chardev + ".sock"), false, ctx);
                    yield Opts.of("rng-egd").add("id", object).add("chardev", chardev);
                }
                case RngDef.Backend.Builtin builtin -> Opts.of("rng-builtin").add("id", object);
            };
            argv.add("-object");
            argv.add(backend.toString());
            Opts dev = NetArgs.virtio(Opts.of(r.model().device("virtio-rng-pci")), r.options()).add("rng", object)
                    .add("id", "rng" + i).add("max-bytes", r.rateBytes())
                    .add("period", r.rateBytes() == null ? null : r.ratePeriodMs() == null ? 1000 : r.ratePeriodMs());
            argv.add("-device");
            argv.add(layout.pci(dev, r.address()).toString());
        }
    }
}
