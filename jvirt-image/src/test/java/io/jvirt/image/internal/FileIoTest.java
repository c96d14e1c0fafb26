package io.jvirt.image.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.WriteCache;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIoTest {
    @TempDir
    Path tmp;

    @Test
    void aLargeWriteReachesTheKernelInPiecesOf256KiBAtMost() throws Exception {
        byte[] data = new byte[(1 << 20) + 100];
        new Random(7).nextBytes(data);
        ByteBuffer buf = ByteBuffer.allocateDirect(data.length + 10);
        buf.position(10);
        buf.put(data);
        buf.position(10);
        Path file = tmp.resolve("f");
        WriteLog log = new WriteLog();
        ScopedValue.where(FileAccess.OPENER, log).run(() -> {
            FileIo io = FileIo.open(file, FileIo.Mode.CREATE, WriteCache.UNSAFE);
            try {
                io.write(4096, buf);
            } finally {
                io.close();
            }
        });
        List<WriteLog.Write> writes = log.ops().stream().filter(op -> op instanceof WriteLog.Write)
                .map(op -> (WriteLog.Write) op).toList();
        assertThat(writes).hasSize(5).allSatisfy(w -> assertThat(w.data().length).isLessThanOrEqualTo(256 << 10));
        long pos = 4096;
        for (WriteLog.Write w : writes) {
            assertThat(w.position()).isEqualTo(pos);
            pos += w.data().length;
        }
        // the caller's buffer is consumed, its limit kept
        assertThat(buf.position()).isEqualTo(buf.limit()).isEqualTo(data.length + 10);
        byte[] back = Files.readAllBytes(file);
        assertThat(back).hasSize(4096 + data.length);
        assertThat(ByteBuffer.wrap(back, 4096, data.length)).isEqualTo(ByteBuffer.wrap(data));
    }
}
