package io.jvirt.api;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleStreamTest {
    private static void put(ByteArrayOutputStream out, ByteBuffer b) {
        out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
    }

    private static String readAll(ConsoleStream.Reader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[3]; // smaller than a frame: frames are read in pieces
        for (int n = r.read(buf, 0, buf.length); n > 0; n = r.read(buf, 0, buf.length)) {
            sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    @Test
    void outputPingsAndTheEndRoundTrip() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] hello = "xxhello, guest".getBytes(StandardCharsets.UTF_8);
        put(body, ConsoleStream.output(hello, 2, hello.length - 2));
        put(body, ConsoleStream.ping());
        put(body, ConsoleStream.output("!\n".getBytes(StandardCharsets.UTF_8), 0, 2));
        ConsoleStream.End end = new ConsoleStream.End(ConsoleStream.EndReason.TAKEN_OVER,
                "Another client took over the console of domain 'vm'.");
        put(body, ConsoleStream.end(end));

        ConsoleStream.Reader r = new ConsoleStream.Reader(new ByteArrayInputStream(body.toByteArray()));
        assertThat(r.end()).isNull();
        assertThat(readAll(r)).isEqualTo("hello, guest!\n");
        assertThat(r.end()).isEqualTo(end);
        assertThat(r.read(new byte[1], 0, 1)).isEqualTo(-1);
    }

    @Test
    void aBodyWithoutItsEndFrameIsAnError() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        put(body, ConsoleStream.output("abc".getBytes(StandardCharsets.UTF_8), 0, 3));
        ConsoleStream.Reader r = new ConsoleStream.Reader(new ByteArrayInputStream(body.toByteArray()));
        assertThatThrownBy(() -> readAll(r)).isInstanceOf(EOFException.class).hasMessageContaining("without its end frame");

        byte[] cut = body.toByteArray();
        ConsoleStream.Reader half = new ConsoleStream.Reader(new ByteArrayInputStream(cut, 0, cut.length - 1));
        assertThatThrownBy(() -> readAll(half)).isInstanceOf(EOFException.class).hasMessageContaining("middle of a frame");
    }

    @Test
    void unknownFramesAndReasonsAreRefused() {
        byte[] bogus = {'X', 0, 0, 0, 0};
        assertThatThrownBy(() -> readAll(new ConsoleStream.Reader(new ByteArrayInputStream(bogus))))
                .hasMessageContaining("unknown console frame kind");
        byte[] text = "EXPLODED\nboom".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(5 + text.length).put((byte) 'E').putInt(text.length).put(text).flip();
        assertThatThrownBy(() -> readAll(new ConsoleStream.Reader(new ByteArrayInputStream(b.array()))))
                .hasMessageContaining("unknown console end reason");
    }
}
