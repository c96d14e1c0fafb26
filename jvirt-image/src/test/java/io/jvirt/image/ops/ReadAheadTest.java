package io.jvirt.image.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.Extent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReadAheadTest {

    private static final int CHUNK = 16;

    /** Data in even chunks, zeroes in odd ones; each data byte is its offset's low byte. */
    private static final ReadAhead.Source STRIPES = new ReadAhead.Source() {
        @Override
        public ReadAhead.Span span(long pos, long limit) {
            return new ReadAhead.Span((pos / CHUNK) % 2 == 0 ? Extent.Type.DATA : Extent.Type.ZERO, limit - pos);
        }

        @Override
        public void read(long pos, ByteBuffer buf, int len) {
            for (int i = 0; i < len; i++) {
                buf.put(i, (byte) (pos + i));
            }
        }
    };

    @Test
    void piecesArriveInOrderWithTheirBytesUpToAShortLastChunk() {
        List<String> seen = new ArrayList<>();
        try (ReadAhead ahead = new ReadAhead(5 * CHUNK + 3, CHUNK, 2, STRIPES)) {
            for (ReadAhead.Piece p = ahead.next(); p != null; p = ahead.next()) {
                seen.add(p.pos() + ":" + p.type() + ":" + p.len());
                if (p.type() == Extent.Type.DATA) {
                    for (int i = 0; i < p.len(); i++) {
                        assertThat(p.buf().get(i)).isEqualTo((byte) (p.pos() + i));
                    }
                } else {
                    assertThat(p.buf()).isNull();
                }
                ahead.recycle(p.buf());
            }
        }
        assertThat(seen).containsExactly("0:DATA:16", "16:ZERO:16", "32:DATA:16", "48:ZERO:16", "64:DATA:16",
                "80:ZERO:3");
    }

    @Test
    void aFailureOfTheSourceReachesTheWriterAfterThePiecesBeforeIt() {
        ReadAhead.Source failing = new ReadAhead.Source() {
            @Override
            public ReadAhead.Span span(long pos, long limit) {
                return STRIPES.span(pos, limit);
            }

            @Override
            public void read(long pos, ByteBuffer buf, int len) {
                if (pos >= 2 * CHUNK) {
                    throw new IllegalStateException("bad sector at " + pos);
                }
                STRIPES.read(pos, buf, len);
            }
        };
        try (ReadAhead ahead = new ReadAhead(8 * CHUNK, CHUNK, 2, failing)) {
            assertThat(ahead.next().pos()).isZero();
            assertThat(ahead.next().pos()).isEqualTo(CHUNK);
            assertThatThrownBy(ahead::next).isInstanceOf(IllegalStateException.class).hasMessage("bad sector at 32");
        }
    }

    @Test
    void closingEarlyStopsTheReaderWithoutReadingTheRest() {
        AtomicInteger reads = new AtomicInteger();
        ReadAhead.Source counting = new ReadAhead.Source() {
            @Override
            public ReadAhead.Span span(long pos, long limit) {
                return new ReadAhead.Span(Extent.Type.DATA, limit - pos);
            }

            @Override
            public void read(long pos, ByteBuffer buf, int len) {
                reads.incrementAndGet();
            }
        };
        try (ReadAhead ahead = new ReadAhead(1000L * CHUNK, CHUNK, 3, counting)) {
            ahead.next(); // the writer fails here and never gives the buffer back
        }
        // the writer holds one buffer and the reader can fill only the other two: it waits for more
        assertThat(reads.get()).isBetween(1, 3);
    }
}
