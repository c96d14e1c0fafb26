package io.jvirt.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The framed body of volume transfers: runs survive the round trip, holes merge, cut-off streams fail. */
class SparseStreamTest {

    @Test
    void roundTripKeepsRunsAndMergesHoles() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SparseStream.Writer w = new SparseStream.Writer(out);
        w.data(new byte[] {1, 2, 3, 4}, 1, 2);
        w.hole(10);
        w.hole(5);
        w.data(new byte[] {7}, 0, 1);
        w.hole(3);
        assertThat(w.finish()).isEqualTo(21);
        // D(2) H(15) D(1) H(3) E
        assertThat(out.size()).isEqualTo(5 * 9 + 3);

        List<String> runs = new ArrayList<>();
        long total = new SparseStream.Reader(new ByteArrayInputStream(out.toByteArray()), 1).copyTo(
                new SparseStream.Receiver() {
                    @Override
                    public void data(byte[] buf, int off, int len) {
                        runs.add("D" + Arrays.toString(Arrays.copyOfRange(buf, off, off + len)));
                    }

                    @Override
                    public void hole(long length) {
                        runs.add("H" + length);
                    }
                });
        assertThat(total).isEqualTo(21);
        // a one-byte buffer hands data over piece by piece
        assertThat(runs).containsExactly("D[2]", "D[3]", "H15", "D[7]", "H3");
    }

    @Test
    void aStreamWithoutItsEndFrameIsAnError() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SparseStream.Writer w = new SparseStream.Writer(out);
        w.data(new byte[100], 0, 100);
        w.finish();
        byte[] all = out.toByteArray();
        for (int cut : new int[] {0, 5, 9, 50, 109, all.length - 1}) {
            byte[] part = Arrays.copyOf(all, cut);
            assertThatThrownBy(() -> new SparseStream.Reader(new ByteArrayInputStream(part), 64)
                    .copyTo(new SparseStream.Receiver() {
                        @Override
                        public void data(byte[] buf, int off, int len) {
                        }

                        @Override
                        public void hole(long length) {
                        }
                    })).as("cut at " + cut).isInstanceOf(EOFException.class);
        }
    }
}
