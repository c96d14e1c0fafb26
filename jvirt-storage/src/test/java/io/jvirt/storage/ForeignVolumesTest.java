package io.jvirt.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.conf.storage.VolumeXml;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volumes in formats beyond raw and qcow2: pool refresh lists a VHDX, QED or qcow file with
 * its format (never as raw), skips a format the engine cannot read with the engine's sentence,
 * and a VHDX volume converts into a qcow2 volume qemu-img calls identical.
 */
class ForeignVolumesTest {

    @TempDir
    Path tmp;
    private StoragePool pool;
    private Path dir;

    @BeforeEach
    void pool() throws Exception {
        pool = TestPools.dirPool("p", tmp.resolve("pool"));
        dir = pool.backend().directory();
        TestPools.sparseFile(tmp.resolve("src.raw"), 64L << 20, 5, 0, 7, 33, 63);
        TestPools.run("qemu-img", "convert", "-q", "-f", "raw", "-O", "vhdx", tmp.resolve("src.raw").toString(),
                dir.resolve("d.vhdx").toString());
        TestPools.run("qemu-img", "create", "-q", "-f", "qed", dir.resolve("e.qed").toString(), "16M");
        TestPools.run("qemu-img", "create", "-q", "-f", "qcow", dir.resolve("f.qcow").toString(), "8M");
        TestPools.run("qemu-img", "create", "-q", "-f", "parallels", dir.resolve("g.hds").toString(), "8M");
        ByteBuffer dmg = ByteBuffer.allocate(4096);
        dmg.put(3584, "koly".getBytes(StandardCharsets.US_ASCII)).putInt(3588, 4).putInt(3592, 512);
        Files.write(dir.resolve("h.dmg"), dmg.array());
    }

    @Test
    void refreshListsEachFormatAndSkipsTheUnreadableOnesWithTheSentence() {
        PoolRefresh r = pool.refresh();
        assertThat(r.volumes()).extracting(VolumeInfo::name).containsExactly("d.vhdx", "e.qed", "f.qcow");
        assertThat(r.volumes()).extracting(VolumeInfo::format)
                .containsExactly(VolumeFormat.VHDX, VolumeFormat.QED, VolumeFormat.QCOW);
        assertThat(r.volumes()).extracting(VolumeInfo::capacity).containsExactly(64L << 20, 16L << 20, 8L << 20);
        assertThat(r.skipped()).extracting(PoolRefresh.Skipped::name).containsExactly("g.hds", "h.dmg");
        assertThat(r.skipped().getFirst().reason()).isEqualTo("The volume 'g.hds' of pool 'p' cannot be read: "
                + dir.resolve("g.hds") + " is a Parallels image, which jvirt cannot read; convert it to qcow2 or raw"
                + " with another tool (such as qemu-img convert) first.");
        assertThatThrownBy(() -> pool.volume("h.dmg")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.getMessage()).contains("is a DMG (Apple disk image) image, which jvirt cannot read"));
    }

    @Test
    void aVhdxVolumeConvertsIntoAQcow2Volume() throws Exception {
        VolumeInfo q = pool.createFrom(VolumeXml.parse("<volume><name>d.qcow2</name><capacity>0</capacity><target>"
                + "<format type='qcow2'/></target></volume>"), pool, "d.vhdx", CloneMode.FULL, TransferProgress.NONE);
        assertThat(q.format()).isEqualTo(VolumeFormat.QCOW2);
        assertThat(q.capacity()).isEqualTo(64L << 20);
        assertThat(TestPools.qemuSame(dir.resolve("d.vhdx"), q.path())).isTrue();
        assertThat(TestPools.qemuSame(tmp.resolve("src.raw"), q.path())).isTrue();
    }

    @Test
    void anUnreadableSourceIsRefusedBeforeAnythingIsWritten() throws Exception {
        assertThatThrownBy(() -> pool.createFrom(VolumeXml.parse("<volume><name>g.qcow2</name><capacity>0</capacity>"
                + "<target><format type='qcow2'/></target></volume>"), pool, "g.hds", CloneMode.FULL,
                TransferProgress.NONE)).isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StorageException.Kind.UNSUPPORTED);
                    assertThat(e.getMessage()).contains("is a Parallels image, which jvirt cannot read");
                });
        assertThat(TestPools.listing(dir)).containsExactly("d.vhdx", "e.qed", "f.qcow", "g.hds", "h.dmg");
    }
}
