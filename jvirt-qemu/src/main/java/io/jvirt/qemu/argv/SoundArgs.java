package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.SoundDef;
import java.util.List;

/**
 * Renders sound cards as libvirt's qemuBuildSoundCommandLine does: an HD Audio controller
 * (ich6, ich9) gets its codecs as devices on its bus (one duplex codec when none is named),
 * which carry the audio back end; the PC speaker is QEMU's {@code pcspk-audiodev} machine
 * property.
 */
final class SoundArgs {

    private SoundArgs() {
    }

    static void add(List<String> argv, Layout layout, Devices devs) {
        List<SoundDef> sounds = devs.sounds();
        for (int i = 0; i < sounds.size(); i++) {
            SoundDef s = sounds.get(i);
            String id = "sound" + i;
            String audiodev = AudioArgs.audiodev(devs, s.audioId());
            String driver = switch (s.model()) {
                case ES1370 -> "ES1370";
                case AC97 -> "AC97";
                case ICH6 -> "intel-hda";
                case ICH9 -> "ich9-intel-hda";
                case USB -> "usb-audio";
                case SB16 -> "sb16";
                case PCSPK -> null;
            };
            if (driver == null) {
                // -soundhw is gone in QEMU 7.1; the speaker is built in and needs only its back end
                argv.add("-machine");
                argv.add(Opts.empty().add("pcspk-audiodev", audiodev).toString());
                continue;
            }
            Opts o = Opts.of(driver).add("id", id).add("audiodev", s.model().hasCodecs() ? null : audiodev);
            o = switch (s.model()) {
                case ES1370, AC97, ICH6, ICH9 -> layout.pci(o, s.address());
                case USB -> layout.usb(o, s.address());
                case SB16, PCSPK -> o;
            };
            argv.add("-device");
            argv.add(o.toString());
            if (s.model().hasCodecs()) {
                List<SoundDef.Codec> codecs = s.codecs().isEmpty() ? List.of(SoundDef.Codec.DUPLEX) : s.codecs();
                for (int cad = 0; cad < codecs.size(); cad++) {
                    argv.add("-device");
                    argv.add(Opts.of("hda-" + codecs.get(cad).xml()).add("id", id + "-codec" + cad)
                            .add("bus", id + ".0").add("cad", cad).add("audiodev", audiodev).toString());
                }
            }
        }
    }
}
