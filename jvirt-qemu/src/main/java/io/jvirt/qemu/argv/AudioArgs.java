package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.AudioDef;
import io.jvirt.conf.domain.AudioIo;
import io.jvirt.conf.domain.Devices;
import java.util.List;

/**
 * Renders the {@code <audio>} back ends as QEMU 7.2's {@code -audiodev}, as libvirt's
 * qemuBuildAudioCommandLineArg does (in QEMU's key=value syntax). Devices and displays name
 * a back end by its id; without an explicit id they use the first back end.
 */
final class AudioArgs {

    private AudioArgs() {
    }

    static void add(List<String> argv, Devices devs) {
        for (AudioDef a : devs.audios()) {
            Opts o = Opts.empty().add("id", id(a.id())).add("driver", driver(a.type()))
                    .add("timer-period", a.timerPeriod());
            switch (a.type()) {
                case OSS -> o.onOff("try-mmap", a.tryMMap()).onOff("exclusive", a.exclusive())
                        .add("dsp-policy", a.dspPolicy());
                case PULSEAUDIO -> o.add("server", a.serverName());
                case FILE -> o.add("path", a.path());
                case NONE, ALSA, COREAUDIO, JACK, SDL, SPICE, DBUS -> {
                    // nothing at the top level
                }
            }
            io(o, "in", a.input());
            io(o, "out", a.output());
            argv.add("-audiodev");
            argv.add(o.toString());
        }
    }

    /**
     * Returns QEMU's id of the back end a device names, or of the first back end when it names none.
     *
     * @param devs the devices
     * @param audioId the id the device names, or null
     * @return the audiodev id, or null when the domain has no audio back end
     */
    static String audiodev(Devices devs, Integer audioId) {
        if (audioId != null) {
            return id(audioId);
        }
        return devs.audios().isEmpty() ? null : id(devs.audios().getFirst().id());
    }

    private static String id(int id) {
        return "audio" + id;
    }

    /** QEMU's driver name of a libvirt audio type. */
    static String driver(AudioDef.Type type) {
        return switch (type) {
            case NONE -> "none";
            case ALSA -> "alsa";
            case COREAUDIO -> "coreaudio";
            case JACK -> "jack";
            case OSS -> "oss";
            case PULSEAUDIO -> "pa";
            case SDL -> "sdl";
            case SPICE -> "spice";
            case FILE -> "wav";
            case DBUS -> "dbus";
        };
    }

    private static void io(Opts o, String dir, AudioIo io) {
        boolean fixed = Boolean.TRUE.equals(io.fixedSettings());
        o.onOff(dir + ".mixing-engine", io.mixingEngine()).onOff(dir + ".fixed-settings", io.fixedSettings())
                .add(dir + ".voices", io.voices()).add(dir + ".buffer-length", io.bufferLength())
                .add(dir + ".frequency", fixed ? io.frequency() : null)
                .add(dir + ".channels", fixed ? io.channels() : null)
                .add(dir + ".format", fixed && io.format() != null ? io.format().xml() : null)
                .add(dir + ".dev", io.dev()).add(dir + ".buffer-count", io.bufferCount())
                .onOff(dir + ".try-poll", io.tryPoll())
                .add(dir + ".server-name", io.serverName()).add(dir + ".client-name", io.clientName())
                .add(dir + ".connect-ports", io.connectPorts()).onOff(dir + ".exact-name", io.exactName())
                .add(dir + ".name", io.name()).add(dir + ".stream-name", io.streamName())
                .add(dir + ".latency", io.latency());
    }
}
