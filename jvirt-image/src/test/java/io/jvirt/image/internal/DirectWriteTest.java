package io.jvirt.image.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.WriteCache;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Cache modes none and directsync: whole blocks past the page cache, the rest through it, same bytes. */
class DirectWriteTest {

    private static final int BLOCK = 4096;

    @TempDir
    Path tmp;

    @Test
    void wholeBlocksGoPastThePageCacheAndTheRestThroughIt() throws Exception {
        Path file = tmp.resolve("f");
        byte[] expected = new byte[5 << 19];
        OpenSpy spy = new OpenSpy(OpenSpy.Direct.ALLOW);
        boolean[] direct = new boolean[1];
        ScopedValue.where(FileAccess.OPENER, spy).run(() -> {
            FileIo io = FileIo.open(file, FileIo.Mode.CREATE, WriteCache.NONE);
            try {
                // page-aligned memory, aligned offset, a tail of 100 bytes
                write(io, expected, alignedDirect(3 * BLOCK + 100), BLOCK, 1);
                // heap memory at an unaligned offset: a head up to the block, blocks, a tail
                write(io, expected, ByteBuffer.allocate(5 * BLOCK + 7), 10_000, 2);
                // direct memory that is not page aligned: copied to an aligned buffer first
                ByteBuffer skewed = ByteBuffer.allocateDirect(2 * BLOCK + 10).position(10).slice();
                write(io, expected, skewed, 16 * BLOCK, 3);
                // less than a block
                write(io, expected, ByteBuffer.allocate(100), 40 * BLOCK, 4);
                // more than the aligned buffer holds at once, from heap memory
                write(io, expected, ByteBuffer.allocate(3 << 19), 1 << 20, 5);
                direct[0] = io.direct();
                io.sync();
            } finally {
                io.close();
            }
        });
        assertThat(direct[0]).isTrue();
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
        assertThat(spy.openings()).hasSize(2);
        assertThat(spy.openings().get(1).direct()).isTrue();
        assertThat(spy.openings().get(1).options()).doesNotContain(StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.CREATE);
        assertThat(spy.writes()).filteredOn(OpenSpy.Write::direct).isNotEmpty()
                .allSatisfy(w -> {
                    assertThat(w.position() % BLOCK).isZero();
                    assertThat(w.length() % BLOCK).isZero();
                });
        // only the unaligned heads and tails went through the page cache
        assertThat(spy.bytes(file, false)).isEqualTo(100 + (3 * BLOCK - 10_000) + (10_000 + 5 * BLOCK + 7) % BLOCK
                + 100);
        assertThat(spy.bytes(file, true)).isEqualTo(3 * BLOCK + 4 * BLOCK + 2 * BLOCK + (3 << 19));
    }

    @ParameterizedTest
    @EnumSource(value = OpenSpy.Direct.class, names = {"REFUSE_AT_OPEN", "REFUSE_AT_SETUP"})
    void aFileSystemWithoutODirectIsWrittenThroughThePageCache(OpenSpy.Direct refusal) throws Exception {
        Path file = tmp.resolve("f");
        byte[] expected = new byte[64 << 10];
        OpenSpy spy = new OpenSpy(refusal);
        boolean[] direct = new boolean[1];
        ScopedValue.where(FileAccess.OPENER, spy).run(() -> {
            FileIo io = FileIo.open(file, FileIo.Mode.CREATE, WriteCache.NONE);
            try {
                write(io, expected, alignedDirect(4 * BLOCK), BLOCK, 9);
                write(io, expected, ByteBuffer.allocate(1000), 33, 10);
                direct[0] = io.direct();
                io.sync();
            } finally {
                io.close();
            }
        });
        assertThat(direct[0]).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(Arrays.copyOf(expected, 5 * BLOCK));
        assertThat(spy.openings()).extracting(OpenSpy.Opening::direct).containsExactly(false, true);
        assertThat(spy.bytes(file, true)).isZero();
        assertThat(spy.bytes(file, false)).isEqualTo(4 * BLOCK + 1000);
    }

    @Test
    void directsyncOpensBothSidesWithDsync() throws Exception {
        Path file = tmp.resolve("f");
        OpenSpy spy = new OpenSpy(OpenSpy.Direct.ALLOW);
        ScopedValue.where(FileAccess.OPENER, spy).run(() -> {
            FileIo io = FileIo.open(file, FileIo.Mode.CREATE, WriteCache.DIRECTSYNC);
            try {
                write(io, new byte[2 * BLOCK], alignedDirect(BLOCK), 0, 1);
            } finally {
                io.close();
            }
        });
        assertThat(spy.openings()).hasSize(2)
                .allSatisfy(o -> assertThat(o.options()).contains(StandardOpenOption.DSYNC));
        assertThat(spy.openings()).extracting(OpenSpy.Opening::direct).containsExactly(false, true);
        assertThat(spy.bytes(file, true)).isEqualTo(BLOCK);
    }

    @Test
    void writebackAndReadingNeverAskForODirect() throws Exception {
        Path file = tmp.resolve("f");
        Files.write(file, new byte[BLOCK]);
        OpenSpy spy = new OpenSpy(OpenSpy.Direct.ALLOW);
        ScopedValue.where(FileAccess.OPENER, spy).run(() -> {
            FileIo.open(file, FileIo.Mode.WRITE, WriteCache.WRITEBACK).close();
            FileIo.open(file, FileIo.Mode.READ, WriteCache.NONE).close();
        });
        assertThat(spy.openings()).hasSize(2).noneMatch(OpenSpy.Opening::direct);
    }

    /** Fills {@code buf} with random bytes, writes it at {@code pos} and mirrors it into {@code expected}. */
    private static void write(FileIo io, byte[] expected, ByteBuffer buf, long pos, int seed) {
        byte[] data = new byte[buf.remaining()];
        new Random(seed).nextBytes(data);
        buf.put(buf.position(), data);
        io.write(pos, buf);
        System.arraycopy(data, 0, expected, (int) pos, data.length);
    }

    private static ByteBuffer alignedDirect(int len) {
        return ByteBuffer.allocateDirect(len + 2 * BLOCK).alignedSlice(BLOCK).limit(len);
    }
}
