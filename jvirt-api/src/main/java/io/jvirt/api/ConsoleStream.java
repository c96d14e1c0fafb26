package io.jvirt.api;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The answer body of a console session ({@code POST /v1/domains/{ref}/console}, media type
 * {@value #CONTENT_TYPE}): the guest's output in frames, then one end frame that says why the
 * session ended, so a client can tell "another client took the console over" from "the
 * domain stopped" or its own detach. The request body, the other direction, is plain
 * keystrokes; ending it detaches.
 *
 * <pre>
 * frame = kind:u8 length:u32be bytes
 *   'O' guest output
 *   'P' keep-alive, no bytes (sent after 15 s of silence, so an idle session stays open)
 *   'E' end: the reason's name, '\n', a sentence for the user (UTF-8); nothing follows
 * </pre>
 *
 * A body that stops without an end frame was cut off (the daemon went away).
 */
public final class ConsoleStream {
    /** The media type of the framed answer. */
    public static final String CONTENT_TYPE = "application/vnd.jvirt.console";
    /** Answer header naming the domain the session belongs to. */
    public static final String DOMAIN_HEADER = "Jvirt-Domain";

    private static final byte OUTPUT = 'O';
    private static final byte PING = 'P';
    private static final byte END = 'E';
    /** The largest frame a reader accepts (end frames are short sentences; output comes in small reads). */
    private static final int MAX_FRAME = 1 << 20;

    private ConsoleStream() {
    }

    /** Why a console session ended. */
    public enum EndReason {
        /** The client detached (Ctrl+], or it closed its side). */
        DETACHED,
        /** Another client opened the console with force and has it now. */
        TAKEN_OVER,
        /** The domain's console went away: QEMU stopped (or started afresh). */
        DOMAIN_STOPPED,
        /** jvirtd stopped; the domain keeps running. */
        DAEMON_STOPPED
    }

    /**
     * The end of a session.
     *
     * @param reason  why
     * @param message a whole sentence for the user
     */
    public record End(EndReason reason, String message) {
    }

    /** An output frame carrying {@code len} bytes of {@code buf} from {@code off}. */
    public static ByteBuffer output(byte[] buf, int off, int len) {
        return ByteBuffer.allocate(5 + len).put(OUTPUT).putInt(len).put(buf, off, len).flip();
    }

    /** A keep-alive frame. */
    public static ByteBuffer ping() {
        return ByteBuffer.allocate(5).put(PING).putInt(0).flip();
    }

    /** The end frame. */
    public static ByteBuffer end(End end) {
        byte[] text = (end.reason().name() + "\n" + end.message()).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + text.length).put(END).putInt(text.length).put(text).flip();
    }

    /** Decodes an answer body: output as it comes, then the end. Not thread-safe. */
    public static final class Reader {
        private final DataInputStream in;
        private int left;
        private End end;

        public Reader(InputStream in) {
            this.in = new DataInputStream(in);
        }

        /**
         * Reads guest output into {@code buf}, waiting for some.
         *
         * @return the number of bytes read, at least 1, or -1 once the end frame has come ({@link #end()})
         * @throws IOException when the body is cut off or is not a console stream
         */
        public int read(byte[] buf, int off, int len) throws IOException {
            while (left == 0) {
                if (end != null) {
                    return -1;
                }
                int kind;
                int length;
                try {
                    kind = in.readUnsignedByte();
                    length = in.readInt();
                } catch (EOFException e) {
                    throw new EOFException("the console stream ended without its end frame; the daemon went away");
                }
                if (length < 0 || length > MAX_FRAME) {
                    throw new IOException("a console frame of " + length + " bytes is not valid");
                }
                switch (kind) {
                    case OUTPUT -> left = length;
                    case PING -> in.skipNBytes(length);
                    case END -> end = parseEnd(in.readNBytes(length), length);
                    default -> throw new IOException("unknown console frame kind " + kind);
                }
            }
            int n = in.read(buf, off, Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the console stream was cut off in the middle of a frame");
            }
            left -= n;
            return n;
        }

        private static End parseEnd(byte[] text, int length) throws IOException {
            if (text.length != length) {
                throw new EOFException("the console stream was cut off in its end frame");
            }
            String s = new String(text, StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            try {
                return new End(EndReason.valueOf(nl < 0 ? s : s.substring(0, nl)), nl < 0 ? "" : s.substring(nl + 1));
            } catch (IllegalArgumentException e) {
                throw new IOException("unknown console end reason in '" + s + "'", e);
            }
        }

        /** Why the session ended, once {@link #read} has returned -1; else null. */
        public End end() {
            return end;
        }
    }
}
