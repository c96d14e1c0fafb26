package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code <audio>} back end, referred to by its id from sound devices and displays: where
 * the guest's sound goes on the host (QEMU's {@code -audiodev}).
 *
 * @param id the id, from 1
 * @param type the back-end type
 * @param timerPeriod the timer period in microseconds, or null
 * @param input the {@code <input>} settings
 * @param output the {@code <output>} settings
 * @param tryMMap oss: whether to try mmap, or null
 * @param exclusive oss: whether to open the device exclusively, or null
 * @param dspPolicy oss: the DSP timing policy (0 to 10), or null
 * @param serverName pulseaudio: the server, or null
 * @param sdlDriver sdl: SDL's audio driver, or null
 * @param path file: the WAV file, or null for QEMU's default
 */
public record AudioDef(int id, Type type, Integer timerPeriod, AudioIo input, AudioIo output, Boolean tryMMap,
                       Boolean exclusive, Integer dspPolicy, String serverName, SdlDriver sdlDriver, String path)
        implements DeviceDef {

    /** Validates the values and that each setting belongs to the type. */
    public AudioDef {
        Checks.range(id, 1, Integer.MAX_VALUE, "The audio id");
        Checks.required(type, "The audio type");
        Checks.range(timerPeriod, 1, Integer.MAX_VALUE, "The audio timer period");
        input = input == null ? AudioIo.NONE : input;
        output = output == null ? AudioIo.NONE : output;
        Checks.range(dspPolicy, 0, Integer.MAX_VALUE, "The oss dspPolicy");
        Checks.noControl(serverName, "The pulseaudio server name");
        Checks.noControl(path, "The audio file path");
        List<String> wrong = new ArrayList<>();
        if (type != Type.OSS && (tryMMap != null || exclusive != null || dspPolicy != null)) {
            wrong.add("tryMMap, exclusive and dspPolicy");
        }
        if (type != Type.PULSEAUDIO && serverName != null) {
            wrong.add("serverName");
        }
        if (type != Type.SDL && sdlDriver != null) {
            wrong.add("driver");
        }
        if (type != Type.FILE && path != null) {
            wrong.add("path");
        }
        List<String> allowed = ioSettings(type);
        for (AudioIo io : new AudioIo[] {input, output}) {
            for (String setting : io.backendSettings()) {
                if (!allowed.contains(setting) && !wrong.contains(setting)) {
                    wrong.add(setting);
                }
            }
        }
        if (!wrong.isEmpty()) {
            throw new ConfException(Kind.CONFLICT, "The audio settings " + String.join(", ", wrong)
                    + " do not apply to type '" + type.xml() + "'.");
        }
    }

    /**
     * An audio back end with no settings.
     *
     * @param id the id
     * @param type the type
     */
    public AudioDef(int id, Type type) {
        this(id, type, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Returns the per-direction settings of {@code <input>} and {@code <output>} a type has.
     *
     * @param type the type
     * @return the XML attribute names
     */
    static List<String> ioSettings(Type type) {
        return switch (type) {
            case NONE, SPICE, FILE, DBUS -> List.of();
            case ALSA -> List.of("dev");
            case COREAUDIO, SDL -> List.of("bufferCount");
            case JACK -> List.of("serverName", "clientName", "connectPorts", "exactName");
            case OSS -> List.of("dev", "bufferCount", "tryPoll");
            case PULSEAUDIO -> List.of("name", "streamName", "latency");
        };
    }

    /** Returns null: an audio back end is not a guest device. */
    @Override
    public Address address() {
        return null;
    }

    /** The {@code type} attribute. */
    public enum Type implements XmlEnum {
        /** Sound is discarded. */
        NONE("none"),
        /** ALSA. */
        ALSA("alsa"),
        /** macOS Core Audio. */
        COREAUDIO("coreaudio"),
        /** JACK. */
        JACK("jack"),
        /** OSS. */
        OSS("oss"),
        /** PulseAudio. */
        PULSEAUDIO("pulseaudio"),
        /** SDL. */
        SDL("sdl"),
        /** Sound travels to the SPICE client. */
        SPICE("spice"),
        /** A WAV file (output only). */
        FILE("file"),
        /** QEMU's D-Bus display. */
        DBUS("dbus");

        private final String xml;

        Type(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code driver} of an sdl back end: SDL's own audio driver. */
    public enum SdlDriver implements XmlEnum {
        /** ESD. */
        ESD("esd"),
        /** ALSA. */
        ALSA("alsa"),
        /** aRts. */
        ARTS("arts"),
        /** PulseAudio. */
        PULSEAUDIO("pulseaudio");

        private final String xml;

        SdlDriver(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
