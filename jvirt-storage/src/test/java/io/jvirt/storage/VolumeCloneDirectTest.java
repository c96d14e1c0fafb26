package io.jvirt.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.nio.file.ExtendedOpenOption;
import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.conf.storage.VolumeXml;
import io.jvirt.image.internal.FileAccess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full copy (vol-clone, vol-create-from, jvirt clone) writes its target with O_DIRECT where the pool allows it. */
class VolumeCloneDirectTest {

    /** Not a multiple of the block size: the last bytes go through the page cache. */
    private static final long SIZE = (8L << 20) + 1000;

    @TempDir
    Path tmp;
    StoragePool pool;

    @BeforeEach
    void setUp() throws Exception {
        pool = TestPools.dirPool("p", tmp.resolve("pool"));
        pool.createVolume("src.img", VolumeFormat.RAW, SIZE, 0L, null, false);
        TestPools.sparseFile(pool.volumePath("src.img"), SIZE, 1, 0, 5);
        byte[] tail = new byte[3000];
        new Random(2).nextBytes(tail);
        try (FileChannel ch = FileChannel.open(pool.volumePath("src.img"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(tail), SIZE - tail.length);
        }
    }

    @Test
    void aFullCloneWritesPastThePageCacheAndIsIdentical() throws Exception {
        Spy spy = new Spy(false);
        VolumeInfo c = ScopedValue.where(FileAccess.OPENER, spy)
                .call(() -> pool.cloneVolume("src.img", "copy.img", CloneMode.FULL, TransferProgress.NONE));
        assertThat(Files.mismatch(pool.volumePath("src.img"), c.path())).isEqualTo(-1);
        assertThat(c.allocation()).isLessThan(4L << 20);
        // two pieces of 256 KiB and the block holding the tail's start past the page cache, the
        // last 1000 bytes (no whole block) through it; the holes are not written
        assertThat(spy.direct.get()).isEqualTo((512L << 10) + 4096);
        assertThat(spy.buffered.get()).isEqualTo(SIZE % 4096);
    }

    @Test
    void aFullCopyToQcow2OnAPoolWithoutODirectIsWrittenThroughThePageCache() throws Exception {
        Spy spy = new Spy(true);
        VolumeInfo q = ScopedValue.where(FileAccess.OPENER, spy).call(() -> pool.createFrom(VolumeXml.parse(
                "<volume><name>q.qcow2</name><capacity>0</capacity><target><format type='qcow2'/></target></volume>"),
                pool, "src.img", CloneMode.FULL, TransferProgress.NONE));
        assertThat(TestPools.qemuSame(pool.volumePath("src.img"), q.path())).isTrue();
        assertThat(TestPools.qemuCheck(q.path())).isZero();
        assertThat(spy.direct.get()).isZero();
        assertThat(spy.refused.get()).isPositive();
    }

    /**
     * Opens the real files; counts the bytes written with and without O_DIRECT (the source is
     * only read, so every write is the copy's), or refuses O_DIRECT.
     */
    private static final class Spy implements FileAccess.Opener {
        final boolean refuse;
        final AtomicLong direct = new AtomicLong();
        final AtomicLong buffered = new AtomicLong();
        final AtomicLong refused = new AtomicLong();

        Spy(boolean refuse) {
            this.refuse = refuse;
        }

        @Override
        public FileAccess open(Path path, Set<? extends OpenOption> options) throws IOException {
            boolean d = options.contains(ExtendedOpenOption.DIRECT);
            if (d && refuse) {
                refused.incrementAndGet();
                throw new IOException("Invalid argument");
            }
            FileAccess real = FileAccess.open(path, options);
            return new FileAccess() {
                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return real.read(dst, position);
                }

                @Override
                public int write(ByteBuffer src, long position) throws IOException {
                    int n = real.write(src, position);
                    (d ? direct : buffered).addAndGet(n);
                    return n;
                }

                @Override
                public long size() throws IOException {
                    return real.size();
                }

                @Override
                public void setLength(long length) throws IOException {
                    real.setLength(length);
                }

                @Override
                public void force() throws IOException {
                    real.force();
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        }
    }
}
