package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The children of {@code <graphics type='spice'>}: per-channel security modes and the
 * compression, streaming, mouse, clipboard, file transfer and OpenGL settings. Null means
 * "not given" (QEMU's default).
 *
 * @param channels the {@code <channel name mode>} elements, by channel
 * @param image {@code <image compression>}
 * @param jpeg {@code <jpeg compression>}
 * @param zlib {@code <zlib compression>}
 * @param playback {@code <playback compression='on|off'>}
 * @param streaming {@code <streaming mode>}
 * @param mouse {@code <mouse mode>}
 * @param copypaste {@code <clipboard copypaste='yes|no'>}
 * @param filetransfer {@code <filetransfer enable='yes|no'>}
 * @param gl {@code <gl enable='yes|no'>}
 * @param rendernode the {@code rendernode} of {@code <gl>}, such as {@code /dev/dri/renderD128}
 */
public record SpiceOptions(Map<Channel, ChannelMode> channels, ImageCompression image, StreamCompression jpeg,
                           StreamCompression zlib, Boolean playback, Streaming streaming,
                           CharBackend.MouseMode mouse, Boolean copypaste, Boolean filetransfer, Boolean gl,
                           String rendernode) {

    /** No options. */
    public static final SpiceOptions NONE = new SpiceOptions(Map.of(), null, null, null, null, null, null, null, null,
            null, null);

    /** Validates the values and orders the channels as libvirt writes them. */
    public SpiceOptions {
        EnumMap<Channel, ChannelMode> sorted = new EnumMap<>(Channel.class);
        if (channels != null) {
            sorted.putAll(channels);
        }
        sorted.values().removeIf(m -> m == ChannelMode.ANY);
        channels = Collections.unmodifiableMap(sorted);
        Checks.path(rendernode, "The spice OpenGL render node");
        if (rendernode != null && gl == null) {
            throw new ConfException(Kind.MISSING_VALUE, "The spice <gl> element needs enable='yes' or 'no'.");
        }
    }

    /** The spice channels whose security mode can be set. */
    public enum Channel implements XmlEnum {
        /** The main channel. */
        MAIN("main"),
        /** The display. */
        DISPLAY("display"),
        /** Keyboard and mouse. */
        INPUTS("inputs"),
        /** The cursor. */
        CURSOR("cursor"),
        /** Sound from the guest. */
        PLAYBACK("playback"),
        /** Sound to the guest. */
        RECORD("record"),
        /** Smartcards. */
        SMARTCARD("smartcard"),
        /** USB redirection. */
        USBREDIR("usbredir");

        private final String xml;

        Channel(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** Whether a channel runs over TLS. */
    public enum ChannelMode implements XmlEnum {
        /** Whichever the client asks for. */
        ANY("any"),
        /** TLS only. */
        SECURE("secure"),
        /** Plain text only. */
        INSECURE("insecure");

        private final String xml;

        ChannelMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** Image compression. */
    public enum ImageCompression implements XmlEnum {
        /** GLZ or QUIC, chosen per image. */
        AUTO_GLZ("auto_glz"),
        /** LZ or QUIC, chosen per image. */
        AUTO_LZ("auto_lz"),
        /** QUIC. */
        QUIC("quic"),
        /** Global LZ. */
        GLZ("glz"),
        /** LZ. */
        LZ("lz"),
        /** None. */
        OFF("off");

        private final String xml;

        ImageCompression(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** JPEG and zlib compression over WAN links. */
    public enum StreamCompression implements XmlEnum {
        /** When the link is slow. */
        AUTO("auto"),
        /** Never. */
        NEVER("never"),
        /** Always. */
        ALWAYS("always");

        private final String xml;

        StreamCompression(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** Video streaming detection. */
    public enum Streaming implements XmlEnum {
        /** Stream regions that look like video. */
        FILTER("filter"),
        /** Stream all frequently changing regions. */
        ALL("all"),
        /** No streaming. */
        OFF("off");

        private final String xml;

        Streaming(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
