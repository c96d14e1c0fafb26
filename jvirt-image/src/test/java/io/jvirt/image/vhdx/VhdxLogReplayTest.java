package io.jvirt.image.vhdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.Images;
import io.jvirt.image.foreign.QemuImg;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs written here the way a crashed writer leaves them are replayed in memory exactly as
 * {@code qemu-img check -r all} replays them on disk; logs that do not form a valid sequence
 * change nothing, and a truncated file is refused.
 */
class VhdxLogReplayTest {

    private static final byte[] GUID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    private static final byte[] OTHER_GUID = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};

    @TempDir
    Path dir;
    private byte[] clean;
    private VhdxBytes.Places places;

    @BeforeEach
    void image() throws Exception {
        QemuImg.run("create", "-q", "-f", "vhdx", "-o", "block_size=1M", dir.resolve("c.vhdx").toString(), "8M");
        for (int block = 0; block < 6; block++) {
            Process p = new ProcessBuilder("qemu-io", "-f", "vhdx", "-c",
                    "write -P 0x" + (block + 1) + "a " + (block << 20) + " 65536", dir.resolve("c.vhdx").toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).isZero();
        }
        clean = Files.readAllBytes(dir.resolve("c.vhdx"));
        places = VhdxBytes.places(clean);
    }

    /** The BAT's first sector with block 1 marked zero and block 2 not present. */
    private byte[] editedBatSector() {
        byte[] sector = Arrays.copyOfRange(clean, (int) places.bat(), (int) places.bat() + 4096);
        ByteBuffer b = VhdxBytes.le(sector);
        assertThat(b.getLong(8) & 7).as("block 1 is stored").isEqualTo(6);
        b.putLong(8, 2);
        b.putLong(16, 0);
        return sector;
    }

    @Test
    void anEntryThatWrapsAroundTheLogReplaysAsInQemu() throws Exception {
        byte[] image = clean.clone();
        long wrapAt = places.logLength() - 4096;
        VhdxBytes.writeLog(image, wrapAt, 7, GUID, image.length, List.of(List.of(
                VhdxBytes.Update.data(places.bat(), editedBatSector()),
                VhdxBytes.Update.zero(places.bat() + 4096, 4096))));
        Path dirty = Files.write(dir.resolve("dirty.vhdx"), image);
        byte[] ours = contents(dirty);
        byte[] original = contents(dir.resolve("c.vhdx"));
        assertThat(Arrays.equals(ours, original)).as("the log changed what the disk reads").isFalse();
        assertThat(Arrays.copyOfRange(ours, 1 << 20, 3 << 20)).containsOnly(0);
        assertSame(ours, qemuReplayed(dirty));
    }

    @Test
    void theEntriesOfASequenceReplayInOrderAsInQemu() throws Exception {
        byte[] image = clean.clone();
        byte[] first = editedBatSector();
        byte[] second = first.clone();
        VhdxBytes.le(second).putLong(8, VhdxBytes.le(clean).getLong((int) places.bat() + 8));
        VhdxBytes.le(second).putLong(32, 0);
        VhdxBytes.writeLog(image, 8192, 20, GUID, image.length, List.of(
                List.of(VhdxBytes.Update.data(places.bat(), first)),
                List.of(VhdxBytes.Update.data(places.bat(), second))));
        Path dirty = Files.write(dir.resolve("chain.vhdx"), image);
        byte[] ours = contents(dirty);
        assertThat(Arrays.copyOfRange(ours, 1 << 20, (1 << 20) + 65536)).as("block 1 is back").containsOnly(0x2a);
        assertThat(Arrays.copyOfRange(ours, 2 << 20, 3 << 20)).as("block 2 stays gone").containsOnly(0);
        assertThat(Arrays.copyOfRange(ours, 4 << 20, 5 << 20)).as("block 4 is gone").containsOnly(0);
        assertSame(ours, qemuReplayed(dirty));
    }

    /**
     * A chain whose first entry wraps around the end of the log: scanning from the start of the
     * log meets its second entry first, whose tail points back to the first, so only the whole
     * chain is a valid sequence (MS-VHDX 2.3.3). QEMU 7.2 does not check tails and replays the
     * second entry alone here; the specification's answer is tested.
     */
    @Test
    void theHeadsTailDecidesWhereASequenceStarts() throws Exception {
        byte[] image = clean.clone();
        VhdxBytes.writeLog(image, places.logLength() - 4096, 7, GUID, image.length, List.of(
                List.of(VhdxBytes.Update.data(places.bat(), editedBatSector())),
                List.of(VhdxBytes.Update.zero(places.bat() + 4096, 4096))));
        Path dirty = Files.write(dir.resolve("wrapped-chain.vhdx"), image);
        assertThat(Arrays.copyOfRange(contents(dirty), 1 << 20, 3 << 20)).containsOnly(0);
    }

    @Test
    void theNewestSequenceWinsAndOlderOnesAreIgnored() throws Exception {
        byte[] image = clean.clone();
        byte[] older = Arrays.copyOfRange(clean, (int) places.bat(), (int) places.bat() + 4096);
        VhdxBytes.le(older).putLong(24, 0);
        VhdxBytes.writeLog(image, 0, 3, GUID, image.length, List.of(
                List.of(VhdxBytes.Update.data(places.bat(), older))));
        VhdxBytes.writeLog(image, 64 * 1024, 40, GUID, image.length, List.of(
                List.of(VhdxBytes.Update.data(places.bat(), editedBatSector()))));
        Path dirty = Files.write(dir.resolve("two.vhdx"), image);
        byte[] ours = contents(dirty);
        assertThat(Arrays.copyOfRange(ours, 3 << 20, (3 << 20) + 65536)).as("block 3 kept its data")
                .containsOnly((byte) 0x4a);
        assertSame(ours, qemuReplayed(dirty));
    }

    @Test
    void entriesOfAnotherLogGuidAreNotReplayed() throws Exception {
        byte[] image = clean.clone();
        VhdxBytes.writeLog(image, 0, 5, GUID, image.length, List.of(
                List.of(VhdxBytes.Update.data(places.bat(), editedBatSector()))));
        for (int header : new int[] {VhdxBytes.HEADER1, VhdxBytes.HEADER2}) {
            System.arraycopy(OTHER_GUID, 0, image, header + 48, 16);
            VhdxBytes.fixChecksum(image, header, 4096);
        }
        Path stale = Files.write(dir.resolve("stale.vhdx"), image);
        assertSame(contents(stale), contents(dir.resolve("c.vhdx")));
    }

    @Test
    void aDamagedEntryIsNotReplayed() throws Exception {
        byte[] image = clean.clone();
        VhdxBytes.writeLog(image, 0, 5, GUID, image.length, List.of(
                List.of(VhdxBytes.Update.data(places.bat(), editedBatSector()))));
        image[(int) places.logOffset() + 4096 + 100] ^= 1;
        Path torn = Files.write(dir.resolve("torn.vhdx"), image);
        assertSame(contents(torn), contents(dir.resolve("c.vhdx")));
    }

    @Test
    void aFileShorterThanTheLogRecordsIsRefused() throws Exception {
        byte[] image = clean.clone();
        VhdxBytes.writeLog(image, 0, 5, GUID, image.length + (1L << 20), List.of(
                List.of(VhdxBytes.Update.data(places.bat(), editedBatSector()))));
        Path cut = Files.write(dir.resolve("cut.vhdx"), image);
        assertThatThrownBy(() -> contents(cut)).isInstanceOfSatisfying(ImageException.class, e -> {
            assertThat(e.kind()).isEqualTo(ImageException.Kind.TRUNCATED);
            assertThat(e.getMessage()).contains("its log records a file of at least");
        });
    }

    /** Compares contents, naming the first differing offset rather than printing megabytes. */
    private static void assertSame(byte[] actual, byte[] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("first differing offset").isEqualTo(-1);
    }

    private static byte[] contents(Path image) {
        try (DiskImage img = Images.open(image, true)) {
            byte[] all = new byte[(int) img.virtualSize()];
            img.read(0, all, 0, all.length);
            return all;
        }
    }

    private byte[] qemuReplayed(Path dirty) throws Exception {
        Path copy = Files.copy(dirty, dir.resolve("qemu-" + dirty.getFileName()));
        QemuImg.run("check", "-r", "all", copy.toString());
        Path raw = dir.resolve(copy.getFileName() + ".raw");
        QemuImg.run("convert", "-f", "vhdx", "-O", "raw", copy.toString(), raw.toString());
        return Files.readAllBytes(raw);
    }
}
