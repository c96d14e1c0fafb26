package io.jvirt.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The probe on hand-made first and last sectors: one row per signature, near miss and edge. */
class FormatProbeTest {

    private static byte[] head(Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(512);
        fill.accept(b);
        return b.array();
    }

    private static ByteBuffer ascii(ByteBuffer b, int at, String s) {
        return b.put(at, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ByteBuffer le(ByteBuffer b) {
        return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] bochs(String subtype, int version) {
        return head(b -> {
            ascii(b, 0, "Bochs Virtual HD Image");
            ascii(b, 32, "Redolog");
            ascii(b, 48, subtype);
            le(b).putInt(64, version);
        });
    }

    static Stream<Arguments> heads() {
        byte[] cloop = ("#!/bin/sh\n#V2.0 Format\nmodprobe cloop file=$0 && mount -r -t iso9660 /dev/cloop $1\n")
                .getBytes(StandardCharsets.US_ASCII);
        return Stream.of(
                Arguments.of("empty file", new byte[0], ImageFormat.RAW),
                Arguments.of("zeros", new byte[512], ImageFormat.RAW),
                Arguments.of("qcow2 v3", head(b -> b.putInt(0, 0x514649fb).putInt(4, 3)), ImageFormat.QCOW2),
                Arguments.of("qcow2 v2", head(b -> b.putInt(0, 0x514649fb).putInt(4, 2)), ImageFormat.QCOW2),
                Arguments.of("qcow2 future version", head(b -> b.putInt(0, 0x514649fb).putInt(4, -2)),
                        ImageFormat.QCOW2),
                Arguments.of("qcow v1", head(b -> b.putInt(0, 0x514649fb).putInt(4, 1)), ImageFormat.QCOW),
                Arguments.of("qcow magic, version 0", head(b -> b.putInt(0, 0x514649fb)), ImageFormat.RAW),
                Arguments.of("qed", head(b -> ascii(b, 0, "QED\0")), ImageFormat.QED),
                Arguments.of("vmdk sparse", head(b -> ascii(b, 0, "KDMV")), ImageFormat.VMDK),
                Arguments.of("vmdk3 (COWD)", head(b -> ascii(b, 0, "COWD")), ImageFormat.VMDK),
                Arguments.of("vmdk descriptor",
                        "# Disk DescriptorFile\nversion=1\n".getBytes(StandardCharsets.US_ASCII), ImageFormat.VMDK),
                Arguments.of("vmdk descriptor, CRLF", "version=3\r\nCID=1\r\n".getBytes(StandardCharsets.US_ASCII),
                        ImageFormat.VMDK),
                Arguments.of("text with version=4", "version=4\n".getBytes(StandardCharsets.US_ASCII), ImageFormat.RAW),
                Arguments.of("text before version", "hello\nversion=1\n".getBytes(StandardCharsets.US_ASCII),
                        ImageFormat.RAW),
                Arguments.of("vdi", head(b -> le(b).putInt(0x40, 0xbeda107f)), ImageFormat.VDI),
                Arguments.of("vhd dynamic", head(b -> ascii(b, 0, "conectix")), ImageFormat.VPC),
                Arguments.of("vhdx", head(b -> ascii(b, 0, "vhdxfile")), ImageFormat.VHDX),
                Arguments.of("parallels", head(b -> le(ascii(b, 0, "WithoutFreeSpace")).putInt(16, 2)),
                        ImageFormat.PARALLELS),
                Arguments.of("parallels ext", head(b -> le(ascii(b, 0, "WithouFreSpacExt")).putInt(16, 2)),
                        ImageFormat.PARALLELS),
                Arguments.of("parallels version 1", head(b -> le(ascii(b, 0, "WithoutFreeSpace")).putInt(16, 1)),
                        ImageFormat.RAW),
                Arguments.of("bochs v2", bochs("Growing", 0x20000), ImageFormat.BOCHS),
                Arguments.of("bochs v1", bochs("Growing", 0x10000), ImageFormat.BOCHS),
                Arguments.of("bochs undoable", bochs("Undoable", 0x20000), ImageFormat.RAW),
                Arguments.of("luks 1", head(b -> b.put(0, new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe})
                        .putShort(6, (short) 1)), ImageFormat.LUKS),
                Arguments.of("luks 2", head(b -> b.put(0, new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe})
                        .putShort(6, (short) 2)), ImageFormat.LUKS),
                Arguments.of("cloop", Arrays.copyOf(cloop, 512), ImageFormat.CLOOP),
                Arguments.of("cloop prefix cut short", Arrays.copyOf(cloop, 30), ImageFormat.RAW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("heads")
    void recognisesTheFirstSector(String name, byte[] head, ImageFormat expected) {
        assertThat(FormatProbe.detect(head, null)).isEqualTo(expected);
        assertThat(FormatProbe.detect(head, new byte[512])).as("a blank last sector changes nothing")
                .isEqualTo(expected);
    }

    static Stream<Arguments> tails() {
        return Stream.of(
                Arguments.of("vhd footer", head(b -> ascii(b, 0, "conectix")), ImageFormat.VPC),
                Arguments.of("dmg koly", head(b -> ascii(b, 0, "koly").putInt(4, 4).putInt(8, 512)), ImageFormat.DMG),
                Arguments.of("koly of another version", head(b -> ascii(b, 0, "koly").putInt(4, 3).putInt(8, 512)),
                        ImageFormat.RAW),
                Arguments.of("zeros", new byte[512], ImageFormat.RAW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tails")
    void recognisesTheLastSector(String name, byte[] tail, ImageFormat expected) {
        assertThat(FormatProbe.detect(new byte[512], tail)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tails")
    void aSignatureAtTheStartWinsOverOneAtTheEnd(String name, byte[] tail, ImageFormat ignored) {
        byte[] qcow2 = head(b -> b.putInt(0, 0x514649fb).putInt(4, 3));
        assertThat(FormatProbe.detect(qcow2, tail)).isEqualTo(ImageFormat.QCOW2);
    }
}
