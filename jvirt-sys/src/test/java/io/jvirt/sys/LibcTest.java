package io.jvirt.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Libc} against a real sparse file (the test's file system keeps holes: ext4, xfs, btrfs or tmpfs). */
class LibcTest {
    private static final long MIB = 1L << 20;

    @Test
    void holesAreFoundPunchedAndCounted(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sparse");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(8 * MIB);
            raf.seek(4 * MIB);
            raf.write(new byte[(int) MIB]); // zeros, but written: data in [4, 5) MiB
        }
        int fd = Libc.open(f, Libc.O_RDWR);
        assertThat(fd).isNotNegative();
        try {
            assertThat(Libc.lseek(fd, 0, Libc.SEEK_DATA)).isEqualTo(4 * MIB);
            assertThat(Libc.lseek(fd, 4 * MIB, Libc.SEEK_HOLE)).isEqualTo(5 * MIB);
            assertThat(Libc.lseek(fd, 5 * MIB, Libc.SEEK_DATA)).as("no data after 5 MiB (ENXIO)").isEqualTo(-1);
            assertThat(Libc.allocatedBytes(fd)).isBetween(MIB, 2 * MIB);
            assertThat(Libc.allocatedBytes(f)).isEqualTo(Libc.allocatedBytes(fd));

            assertThat(Libc.fallocate(fd, Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE, 4 * MIB, MIB)).isTrue();
            assertThat(Libc.lseek(fd, 0, Libc.SEEK_DATA)).isEqualTo(-1);
            assertThat(Libc.allocatedBytes(fd)).isLessThan(MIB);
            assertThat(f.toFile().length()).as("the size is kept").isEqualTo(8 * MIB);

            assertThat(Libc.fallocate(fd, 0, 0, 2 * MIB)).isTrue();
            assertThat(Libc.allocatedBytes(fd)).isGreaterThanOrEqualTo(2 * MIB);
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void failuresAreNegativeNotExceptions(@TempDir Path dir) {
        assertThat(Libc.open(dir.resolve("missing"), Libc.O_RDONLY)).isEqualTo(-1);
        assertThat(Libc.lseek(-1, 0, Libc.SEEK_DATA)).isEqualTo(-1);
        assertThat(Libc.allocatedBytes(-1)).isEqualTo(-1);
        assertThat(Libc.allocatedBytes(dir.resolve("missing"))).isEqualTo(-1);
        assertThat(Libc.fallocate(-1, 0, 0, 1)).isFalse();
    }
}
