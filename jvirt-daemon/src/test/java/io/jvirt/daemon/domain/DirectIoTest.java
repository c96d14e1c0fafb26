package io.jvirt.daemon.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** --bypass-cache's writes: whole aligned blocks with O_DIRECT, the tail through the page cache, the bytes exact. */
class DirectIoTest {
    @TempDir
    Path dir;

    @Test
    void aStreamWrittenInAlignedChunksAndATailComesOutWhole() throws Exception {
        Path f = dir.resolve("s.save");
        Files.write(f, new byte[DirectIo.ALIGN]); // a header's block
        byte[] data = new byte[3 * (1 << 20) + 12_345];
        new Random(7).nextBytes(data);
        try (FileChannel file = FileChannel.open(f, StandardOpenOption.WRITE);
             FileChannel direct = DirectIo.open(f, StandardOpenOption.WRITE)) {
            assertThat(direct).as("the test's file system takes O_DIRECT").isNotNull();
            ByteBuffer buf = DirectIo.buffer();
            assertThat(buf.capacity()).isEqualTo(1 << 20);
            assertThat(buf.alignmentOffset(0, DirectIo.ALIGN)).isZero();
            long at = DirectIo.ALIGN;
            int from = 0;
            while (from < data.length) {
                int n = Math.min(buf.capacity(), data.length - from);
                buf.clear();
                buf.put(data, from, n).flip();
                at += DirectIo.write(buf, file, direct, at);
                from += n;
            }
            file.force(false);
        }
        byte[] back = Files.readAllBytes(f);
        assertThat(back.length).isEqualTo(DirectIo.ALIGN + data.length);
        assertThat(Arrays.copyOfRange(back, DirectIo.ALIGN, back.length)).isEqualTo(data);
    }

    @Test
    void withoutADirectChannelEverythingGoesThroughThePageCache() throws Exception {
        Path f = dir.resolve("p.save");
        Files.createFile(f);
        try (FileChannel file = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(new byte[]{1, 2, 3});
            assertThat(DirectIo.write(buf, file, null, 5)).isEqualTo(3);
        }
        assertThat(Files.readAllBytes(f)).containsExactly(0, 0, 0, 0, 0, 1, 2, 3);
    }
}
