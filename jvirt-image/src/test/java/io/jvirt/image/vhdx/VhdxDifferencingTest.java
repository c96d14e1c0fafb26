package io.jvirt.image.vhdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.ImageInfo;
import io.jvirt.image.Images;
import io.jvirt.image.foreign.QemuImg;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differencing VHDX files, which qemu-img can neither make nor read: built here from images
 * qemu-img made, following MS-VHDX (has-parent bit, parent locator, a sector bitmap block for
 * a partially present block), and read with their parent as the specification says.
 */
class VhdxDifferencingTest {

    private static final int MB = 1 << 20;
    private static final String LOCATOR_ITEM = "A8D35F2D-B30B-454D-ABF7-D3D84834AB0C";
    private static final String VHDX_LOCATOR = "B04AEFB7-D19E-4A81-B789-25B8E9445913";

    @TempDir
    Path dir;
    private byte[] parentBytes;
    private byte[] childData;

    @BeforeEach
    void images() throws Exception {
        parentBytes = new byte[8 * MB];
        new Random(3).nextBytes(parentBytes);
        Path raw = Files.write(dir.resolve("parent.raw"), parentBytes);
        QemuImg.run("convert", "-q", "-f", "raw", "-O", "vhdx", "-o", "block_size=1M", raw.toString(),
                dir.resolve("parent.vhdx").toString());
        QemuImg.run("create", "-q", "-f", "vhdx", "-o", "block_size=1M", dir.resolve("child.vhdx").toString(), "8M");
        qemuIo("write -P 0x77 0 1M");
        qemuIo("write -P 0x88 1M 64k");
        qemuIo("write -P 0x99 3M 4k");
        childData = Files.readAllBytes(dir.resolve("child.vhdx"));
    }

    private void qemuIo(String command) throws Exception {
        Process p = new ProcessBuilder("qemu-io", "-f", "vhdx", "-c", command, dir.resolve("child.vhdx").toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
    }

    /**
     * Turns the child into a differencing file of the parent: block 0 fully present, block 1
     * partially (its first 64 KiB per the sector bitmap), block 3 marked zero, the rest not
     * present and so read from the parent (qemu-img marks new blocks zero, which a child must not).
     */
    private Path differencing(Map<String, String> locator) throws Exception {
        byte[] image = Arrays.copyOf(childData, childData.length + MB);
        ByteBuffer b = VhdxBytes.le(image);
        VhdxBytes.Places p = VhdxBytes.places(image);
        int table = (int) p.metadata();
        int count = Short.toUnsignedInt(b.getShort(table + 10));
        for (int i = 0; i < count; i++) {
            int entry = table + 32 + i * 32;
            if (b.getInt(entry) == 0xcaa16737) {
                int item = table + b.getInt(entry + 16);
                b.putInt(item + 4, b.getInt(item + 4) | 2);
            }
        }
        byte[] item = locatorItem(locator);
        int itemOffset = 512 * 1024;
        System.arraycopy(item, 0, image, table + itemOffset, item.length);
        int entry = table + 32 + count * 32;
        b.put(entry, guidBytes(LOCATOR_ITEM));
        b.putInt(entry + 16, itemOffset);
        b.putInt(entry + 20, item.length);
        b.putInt(entry + 24, 4);
        b.putShort(table + 10, (short) (count + 1));
        int bat = (int) p.bat();
        long block1 = b.getLong(bat + 8);
        assertThat(block1 & 7).isEqualTo(6);
        b.putLong(bat + 8, (block1 & ~7L) | 7);
        b.putLong(bat + 24, 2);
        for (int block : new int[] {2, 4, 5, 6, 7}) {
            b.putLong(bat + block * 8, 0);
        }
        int bitmap = childData.length;
        b.putLong(bat + 4096 * 8, bitmap | 6L);
        for (int sector = 2048; sector < 2048 + 128; sector++) {
            image[bitmap + sector / 8] |= (byte) (1 << (sector % 8));
        }
        return Files.write(dir.resolve("diff.vhdx"), image);
    }

    private Map<String, String> locator(String linkage, String relativePath) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("parent_linkage", linkage);
        if (relativePath != null) {
            m.put("relative_path", relativePath);
        }
        m.put("absolute_win32_path", "\\\\?\\C:\\images\\parent.vhdx");
        return m;
    }

    private String parentLinkage() throws Exception {
        byte[] parent = Files.readAllBytes(dir.resolve("parent.vhdx"));
        int header = VhdxBytes.places(parent).header();
        return "{" + Guid.at(VhdxBytes.le(parent), header + 32) + "}";
    }

    private static byte[] locatorItem(Map<String, String> entries) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(0, guidBytes(VHDX_LOCATOR));
        b.putShort(18, (short) entries.size());
        int strings = 20 + entries.size() * 12;
        int i = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_16LE);
            byte[] value = e.getValue().getBytes(StandardCharsets.UTF_16LE);
            b.putInt(20 + i * 12, strings);
            b.put(strings, key);
            strings += key.length;
            b.putInt(24 + i * 12, strings);
            b.put(strings, value);
            strings += value.length;
            b.putShort(28 + i * 12, (short) key.length);
            b.putShort(30 + i * 12, (short) value.length);
            i++;
        }
        return Arrays.copyOf(b.array(), strings);
    }

    private static byte[] guidBytes(String text) {
        Guid g = Guid.parse(text);
        return ByteBuffer.allocate(16).putLong(g.high()).putLong(g.low()).array();
    }

    private byte[] expected() {
        byte[] e = parentBytes.clone();
        Arrays.fill(e, 0, MB, (byte) 0x77);
        Arrays.fill(e, MB, MB + 65536, (byte) 0x88);
        Arrays.fill(e, 3 * MB, 4 * MB, (byte) 0);
        return e;
    }

    @Test
    void readsThroughToTheParentWhereTheChildHasNoData() throws Exception {
        Path child = differencing(locator(parentLinkage(), ".\\parent.vhdx"));
        assertThat(Images.probe(child)).isEqualTo(ImageFormat.VHDX);
        try (DiskImage img = Images.open(child, true)) {
            byte[] all = new byte[(int) img.virtualSize()];
            img.read(0, all, 0, all.length);
            assertThat(Arrays.mismatch(all, expected())).as("first differing offset").isEqualTo(-1);
            ImageInfo info = img.info();
            assertThat(info.backingFilename()).isEqualTo("./parent.vhdx");
            assertThat(info.backingFormat()).isEqualTo("vhdx");
            assertThat(img.backing()).isPresent();
        }
    }

    @Test
    void aParentThatChangedIsRefused() throws Exception {
        Path child = differencing(locator("{00000000-1111-2222-3333-444444444444}", "parent.vhdx"));
        assertThatThrownBy(() -> Images.open(child, true).close()).isInstanceOfSatisfying(ImageException.class, e -> {
            assertThat(e.kind()).isEqualTo(ImageException.Kind.BACKING);
            assertThat(e.getMessage()).contains("has the data write GUID").contains("the parent changed since");
        });
    }

    @Test
    void aLocatorWithOnlyWindowsPathsIsRefused() throws Exception {
        Path child = differencing(locator(parentLinkage(), null));
        assertThatThrownBy(() -> Images.open(child, true).close()).isInstanceOfSatisfying(ImageException.class, e -> {
            assertThat(e.kind()).isEqualTo(ImageException.Kind.BACKING);
            assertThat(e.getMessage()).contains("gives no relative_path");
        });
    }

    @Test
    void aMissingParentIsNamed() throws Exception {
        Path child = differencing(locator(parentLinkage(), "elsewhere\\parent.vhdx"));
        assertThatThrownBy(() -> Images.open(child, true).close()).isInstanceOfSatisfying(ImageException.class, e -> {
            assertThat(e.kind()).isEqualTo(ImageException.Kind.BACKING);
            assertThat(e.getMessage()).contains("elsewhere/parent.vhdx").contains("does not exist");
        });
    }
}
