package io.jvirt.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemoryLayout.PathElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OfdLocks} on a real file through two descriptors of this process (OFD locks conflict across descriptions). */
class OfdLocksTest {

    @Test
    void structFlockHasTheX86_64Layout() {
        assertThat(OfdLocks.FLOCK.byteSize()).isEqualTo(32);
        assertThat(OfdLocks.FLOCK.byteOffset(PathElement.groupElement("l_whence"))).isEqualTo(2);
        assertThat(OfdLocks.FLOCK.byteOffset(PathElement.groupElement("l_start"))).isEqualTo(8);
        assertThat(OfdLocks.FLOCK.byteOffset(PathElement.groupElement("l_len"))).isEqualTo(16);
        assertThat(OfdLocks.FLOCK.byteOffset(PathElement.groupElement("l_pid"))).isEqualTo(24);
    }

    @Test
    void readLocksShareWriteLocksExclude(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("img"), new byte[512]);
        int a = OfdLocks.open(f);
        int b = OfdLocks.openReadWrite(f);
        assertThat(a).isNotNegative();
        assertThat(b).isNotNegative();
        try {
            assertThat(OfdLocks.set(a, OfdLocks.Type.READ, 100, 1)).isTrue();
            assertThat(OfdLocks.set(b, OfdLocks.Type.READ, 100, 1)).as("read locks share").isTrue();
            assertThat(OfdLocks.test(a, OfdLocks.Type.WRITE, 100, 1).orElseThrow().free()).as("b's read lock is in a's way")
                    .isFalse();
            assertThat(OfdLocks.set(b, OfdLocks.Type.UNLOCK, 100, 1)).isTrue();
            assertThat(OfdLocks.test(a, OfdLocks.Type.WRITE, 100, 1).orElseThrow().free()).as("a's own lock does not count")
                    .isTrue();

            OfdLocks.Found f1 = OfdLocks.test(b, OfdLocks.Type.WRITE, 100, 1).orElseThrow();
            assertThat(f1.type()).isEqualTo(OfdLocks.Type.READ);
            assertThat(f1.start()).isEqualTo(100);
            assertThat(f1.length()).isEqualTo(1);
            assertThat(f1.pid()).as("an OFD lock has no owning process").isEqualTo(-1);
            assertThat(OfdLocks.test(b, OfdLocks.Type.READ, 100, 1).orElseThrow().free()).as("read next to read").isTrue();
            assertThat(OfdLocks.test(b, OfdLocks.Type.WRITE, 101, 1).orElseThrow().free()).as("other bytes are free")
                    .isTrue();

            assertThat(OfdLocks.set(b, OfdLocks.Type.WRITE, 201, 1)).isTrue();
            assertThat(OfdLocks.set(a, OfdLocks.Type.READ, 201, 1)).as("refused next to a write lock").isFalse();
            assertThat(OfdLocks.test(a, OfdLocks.Type.READ, 201, 1).orElseThrow().type()).isEqualTo(OfdLocks.Type.WRITE);
        } finally {
            Libc.close(b);
        }
        assertThat(OfdLocks.test(a, OfdLocks.Type.WRITE, 201, 1).orElseThrow().free()).as("closing releases").isTrue();
        int c = OfdLocks.open(f);
        try {
            assertThat(OfdLocks.test(c, OfdLocks.Type.WRITE, 100, 1).orElseThrow().type()).isEqualTo(OfdLocks.Type.READ);
            assertThat(procLocks(f)).as("/proc/locks lists a's lock as an OFD lock").anyMatch(l ->
                    l.contains("OFDLCK") && l.contains("READ") && l.endsWith(" 100 100"));
        } finally {
            Libc.close(c);
            Libc.close(a);
        }
    }

    @Test
    void failedCallsAreFalseOrEmpty(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("img"), new byte[512]);
        int a = OfdLocks.open(f);
        try {
            assertThat(OfdLocks.set(a, OfdLocks.Type.WRITE, 0, 1)).as("a write lock needs a descriptor open for writing")
                    .isFalse();
            assertThat(OfdLocks.test(a, OfdLocks.Type.WRITE, 0, 1).orElseThrow().free()).as("nothing in the way").isTrue();
        } finally {
            Libc.close(a);
        }
        assertThat(OfdLocks.test(-1, OfdLocks.Type.WRITE, 0, 1)).isEmpty();
        assertThat(OfdLocks.set(-1, OfdLocks.Type.READ, 0, 1)).isFalse();
    }

    private static List<String> procLocks(Path f) throws Exception {
        long ino = (long) Files.getAttribute(f, "unix:ino");
        return Files.readAllLines(Path.of("/proc/locks")).stream().filter(l -> l.contains(":" + ino + " "))
                .map(String::strip).toList();
    }
}
