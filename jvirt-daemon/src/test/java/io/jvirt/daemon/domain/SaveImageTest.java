package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Save images in libvirt's format: what jvirt writes, what virsh writes, and what is refused. */
class SaveImageTest {
    @TempDir
    Path tmp;

    private static final String XML = "<domain type='kvm'><name>x</name></domain>";
    /** The start of a QEMU migration stream (magic "QEVM", version 3), then some of it. */
    private static final byte[] STREAM = "QEVM\0\0\0\3 the rest of the stream".getBytes(StandardCharsets.US_ASCII);

    private Path written(String name, SaveImage img, boolean complete) throws IOException {
        Path f = tmp.resolve(name);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            img.writeTo(ch, complete);
            ch.write(ByteBuffer.wrap(STREAM), img.streamOffset());
        }
        return f;
    }

    /** A file laid out as libvirt 9.0's qemuSaveImageWriteHeader does: 64 KiB of room, a cookie. */
    private Path libvirtFile(String name, int compressed, int version) throws IOException {
        byte[] xml = (XML + '\0').getBytes(StandardCharsets.UTF_8);
        byte[] cookie = "<cookie><cpu mode='custom'/></cookie>\0".getBytes(StandardCharsets.UTF_8);
        int dataLen = xml.length + cookie.length + 64 * 1024;
        ByteBuffer b = ByteBuffer.allocate(92 + dataLen).order(ByteOrder.LITTLE_ENDIAN);
        b.put("LibvirtQemudSave".getBytes(StandardCharsets.US_ASCII)).putInt(version).putInt(dataLen).putInt(1)
                .putInt(compressed).putInt(xml.length);
        b.position(92);
        b.put(xml).put(cookie);
        Path f = tmp.resolve(name);
        Files.write(f, b.array());
        Files.write(f, STREAM, StandardOpenOption.APPEND);
        return f;
    }

    @Test
    void whatJvirtWritesReadsBackWithTheStreamOnA4KiBBoundary() throws Exception {
        SaveImage img = SaveImage.of(XML, true);
        Path f = written("a.save", img, true);
        SaveImage read = SaveImage.read(f);
        assertThat(read).isEqualTo(img);
        assertThat(read.xml()).isEqualTo(XML);
        assertThat(read.wasRunning()).isTrue();
        assertThat(read.streamOffset() % 4096).isZero();
        assertThat(read.dataLen()).as("room to grow the XML in place").isGreaterThanOrEqualTo(XML.length() + 4096);
        byte[] head = Arrays.copyOf(Files.readAllBytes(f), 40);
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(head, 0, 16, StandardCharsets.US_ASCII)).isEqualTo("LibvirtQemudSave");
        assertThat(h.getInt(16)).as("version").isEqualTo(2);
        assertThat(h.getInt(20)).as("data_len").isEqualTo(read.dataLen());
        assertThat(h.getInt(24)).as("was_running").isEqualTo(1);
        assertThat(h.getInt(28)).as("compressed").isZero();
        assertThat(h.getInt(32)).as("cookieOffset").isZero();
    }

    @Test
    void aFileVirshSavedIsRead() throws Exception {
        SaveImage img = SaveImage.read(libvirtFile("virsh.save", 0, 2));
        assertThat(img.xml()).isEqualTo(XML);
        assertThat(img.cookie()).isEqualTo("<cookie><cpu mode='custom'/></cookie>");
        assertThat(img.wasRunning()).isTrue();
        assertThat(img.streamOffset()).isEqualTo(92 + img.dataLen());
        assertThat(SaveImage.read(libvirtFile("v1.save", 0, 1)).xml()).as("version 1 as well").isEqualTo(XML);
    }

    @Test
    void aNewDefinitionIsWrittenInPlaceWhenItFitsAndIntoACopyWhenNot() throws Exception {
        Path f = libvirtFile("edit.save", 0, 2);
        SaveImage old = SaveImage.read(f);
        SaveImage small = old.with(XML.replace("<name>x</name>", "<name>x</name><title>t</title>"), false);
        small.replace(f, old);
        assertThat(SaveImage.read(f)).isEqualTo(small);
        assertThat(SaveImage.read(f).cookie()).as("libvirt's cookie is kept").isEqualTo(old.cookie());
        assertThat(Files.size(f)).isEqualTo(92 + old.dataLen() + STREAM.length);

        String big = XML.replace("</domain>", "<description>" + "d".repeat(100_000) + "</description></domain>");
        SaveImage grown = small.with(big, true);
        assertThat(grown.dataLen()).isGreaterThan(small.dataLen());
        grown.replace(f, small);
        SaveImage now = SaveImage.read(f);
        assertThat(now.xml()).isEqualTo(big);
        byte[] all = Files.readAllBytes(f);
        assertThat(Arrays.copyOfRange(all, (int) now.streamOffset(), all.length)).as("the stream moved whole")
                .isEqualTo(STREAM);
        assertThat(Files.exists(tmp.resolve("edit.save.part"))).isFalse();
    }

    @Test
    void unfinishedCompressedDamagedForeignAndMissingFilesAreRefused() throws Exception {
        Path part = written("part.save", SaveImage.of(XML, false), false);
        assertThatThrownBy(() -> SaveImage.read(part)).isInstanceOf(DaemonException.class)
                .hasMessage("The file " + part + " cannot be restored: its writing never finished (the save failed or "
                        + "was interrupted). Nothing was changed.");
        Path gz = libvirtFile("gz.save", 1, 2);
        assertThatThrownBy(() -> SaveImage.read(gz)).hasMessageContaining("it is compressed (gzip); jvirt restores "
                + "uncompressed save images only");
        Path v3 = libvirtFile("v3.save", 0, 3);
        assertThatThrownBy(() -> SaveImage.read(v3)).hasMessageContaining("format version 3 is not one jvirt reads");

        Path noStream = tmp.resolve("nostream.save");
        Files.write(noStream, Arrays.copyOf(Files.readAllBytes(written("s.save", SaveImage.of(XML, true), true)),
                (int) SaveImage.of(XML, true).streamOffset() + 2));
        assertThatThrownBy(() -> SaveImage.read(noStream)).hasMessageContaining("no QEMU migration stream follows");

        Path junk = Files.write(tmp.resolve("junk"), new byte[8192]);
        assertThatThrownBy(() -> SaveImage.read(junk)).isInstanceOf(DaemonException.class)
                .hasMessage("The file " + junk + " cannot be restored: it is not a save image (as 'jvirt save' and "
                        + "'virsh save' write). Nothing was changed.");
        Path tiny = Files.write(tmp.resolve("tiny"), new byte[10]);
        assertThatThrownBy(() -> SaveImage.read(tiny)).hasMessageContaining("too short");
        Path bad = written("bad.save", SaveImage.of(XML, true), true);
        try (FileChannel ch = FileChannel.open(bad, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1 << 30), 20);
        }
        assertThatThrownBy(() -> SaveImage.read(bad)).hasMessageContaining("its header is damaged");
        assertThatThrownBy(() -> SaveImage.read(tmp.resolve("none")))
                .satisfies(e -> assertThat(((DaemonException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
