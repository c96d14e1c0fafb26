package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <input>} or {@code <output>} of an {@code <audio>} back end: the settings every
 * back end has, the {@code <settings>} of fixed settings, and the per-direction settings of
 * the back end's type (which {@link AudioDef} checks belong to its type).
 *
 * @param mixingEngine whether QEMU mixes and converts in software, or null
 * @param fixedSettings whether the stream has fixed settings (needs the mixing engine), or null
 * @param voices the number of voices, or null
 * @param bufferLength the buffer length in microseconds, or null
 * @param frequency the {@code <settings frequency>} in Hz, or null
 * @param channels the {@code <settings channels>}, or null
 * @param format the {@code <settings format>}, or null
 * @param dev the device of alsa and oss, or null
 * @param bufferCount the buffer count of coreaudio, oss and sdl, or null
 * @param tryPoll whether oss polls, or null
 * @param serverName the JACK server, or null
 * @param clientName the JACK client name, or null
 * @param connectPorts the JACK ports to connect to (a regular expression), or null
 * @param exactName whether the JACK client name must be used as it is, or null
 * @param name the PulseAudio sink or source, or null
 * @param streamName the PulseAudio stream name, or null
 * @param latency the PulseAudio latency in microseconds, or null
 */
public record AudioIo(Boolean mixingEngine, Boolean fixedSettings, Integer voices, Integer bufferLength,
                      Integer frequency, Integer channels, Format format, String dev, Integer bufferCount,
                      Boolean tryPoll, String serverName, String clientName, String connectPorts, Boolean exactName,
                      String name, String streamName, Integer latency) {

    /** Nothing set. */
    public static final AudioIo NONE = new AudioIo(null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    /** Validates the values. */
    public AudioIo {
        if (Boolean.TRUE.equals(fixedSettings) && !Boolean.TRUE.equals(mixingEngine)) {
            throw new ConfException(Kind.CONFLICT, "Fixed audio settings need mixingEngine='yes'.");
        }
        if ((frequency != null || channels != null || format != null) && !Boolean.TRUE.equals(fixedSettings)) {
            throw new ConfException(Kind.CONFLICT, "Audio <settings> need fixedSettings='yes'.");
        }
        Checks.range(voices, 1, Integer.MAX_VALUE, "The audio voices");
        Checks.range(bufferLength, 1, Integer.MAX_VALUE, "The audio buffer length");
        Checks.range(frequency, 1, Integer.MAX_VALUE, "The audio frequency");
        Checks.range(channels, 1, Integer.MAX_VALUE, "The audio channel count");
        Checks.path(dev, "The audio device");
        for (String s : new String[] {serverName, clientName, connectPorts, name, streamName}) {
            Checks.noControl(s, "An audio setting");
        }
    }

    /** Returns whether nothing is set, so the element is not written. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Returns the XML names of the per-type settings that are set. */
    List<String> backendSettings() {
        List<String> out = new ArrayList<>();
        Object[] values = {dev, bufferCount, tryPoll, serverName, clientName, connectPorts, exactName, name,
            streamName, latency};
        String[] names = {"dev", "bufferCount", "tryPoll", "serverName", "clientName", "connectPorts", "exactName",
            "name", "streamName", "latency"};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                out.add(names[i]);
            }
        }
        return out;
    }

    /** The sample format of {@code <settings format>}. */
    public enum Format implements XmlEnum {
        /** Unsigned 8 bit. */
        U8("u8"),
        /** Signed 8 bit. */
        S8("s8"),
        /** Unsigned 16 bit. */
        U16("u16"),
        /** Signed 16 bit. */
        S16("s16"),
        /** Unsigned 32 bit. */
        U32("u32"),
        /** Signed 32 bit. */
        S32("s32"),
        /** 32-bit float. */
        F32("f32");

        private final String xml;

        Format(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
