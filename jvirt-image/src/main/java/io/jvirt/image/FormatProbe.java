package io.jvirt.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Recognises an image format from the first and last sector of a file, never from its name.
 * A pure function: {@link Images#probe} reads the sectors, the storage layer passes the ones it
 * has already read.
 *
 * <p>Like qemu-img 7.2 ({@code bdrv_probe_all}), each format's signature is tested and raw is
 * the answer only when none matches. The signatures at offset 0 (and VDI's at 0x40) are exact
 * and cannot overlap, so their order does not matter; the weak ones come after them, as qemu
 * scores them lower: the cloop shell-script prefix, then the trailers in the last sector.
 * Where this differs from qemu-img, it is on the safe side:
 * <ul>
 *   <li>a fixed VHD, whose only footer is the last sector, is VHD (qemu-img says raw);</li>
 *   <li>DMG is recognised by its {@code koly} trailer (qemu-img goes by the name ending in
 *       {@code .dmg});</li>
 *   <li>LUKS version 2 is LUKS too (qemu 7.2 only knows version 1 and calls it raw).</li>
 * </ul>
 * A file shorter than a sector is examined as if padded with zeros, as qemu does.
 */
public final class FormatProbe {

    /** How many bytes of the start and of the end of a file the probe examines. */
    public static final int SECTOR = 512;

    private static final int QCOW_MAGIC = 0x514649fb;
    private static final int QED_MAGIC = 0x00444551;
    private static final int VMDK4_MAGIC = 0x4b444d56;
    private static final int VMDK3_MAGIC = 0x434f5744;
    private static final int VDI_SIGNATURE = 0xbeda107f;
    private static final int DMG_KOLY = 0x6b6f6c79;
    private static final byte[] VHD_COOKIE = ascii("conectix");
    private static final byte[] VHDX_SIGNATURE = ascii("vhdxfile");
    private static final byte[] LUKS_MAGIC = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe};
    private static final byte[] CLOOP_PREFIX = ascii("#!/bin/sh\n#V2.0 Format\n"
            + "modprobe cloop file=$0 && mount -r -t iso9660 /dev/cloop $1\n");

    private FormatProbe() {
    }

    /**
     * Names the format whose signature the sectors carry.
     *
     * @param head the first bytes of the file, up to {@link #SECTOR} (fewer for a short file)
     * @param tail the last {@link #SECTOR} bytes, or null when the file is shorter than that
     * @return the format, {@link ImageFormat#RAW} when no signature matches
     */
    public static ImageFormat detect(byte[] head, byte[] tail) {
        ByteBuffer be = ByteBuffer.wrap(Arrays.copyOf(head, SECTOR));
        ByteBuffer le = be.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] b = be.array();
        if (head.length == 0) {
            return ImageFormat.RAW;
        }
        int magic = be.getInt(0);
        if (magic == QCOW_MAGIC) {
            int version = be.getInt(4);
            if (version == 1) {
                return ImageFormat.QCOW;
            }
            if (Integer.compareUnsigned(version, 2) >= 0) {
                return ImageFormat.QCOW2;
            }
        }
        if (le.getInt(0) == QED_MAGIC) {
            return ImageFormat.QED;
        }
        if (magic == VMDK4_MAGIC || magic == VMDK3_MAGIC || vmdkDescriptor(b)) {
            return ImageFormat.VMDK;
        }
        if (le.getInt(0x40) == VDI_SIGNATURE) {
            return ImageFormat.VDI;
        }
        if (startsWith(b, 0, VHD_COOKIE)) {
            return ImageFormat.VPC;
        }
        if (startsWith(b, 0, VHDX_SIGNATURE)) {
            return ImageFormat.VHDX;
        }
        if ((startsWith(b, 0, ascii("WithoutFreeSpace")) || startsWith(b, 0, ascii("WithouFreSpacExt")))
                && le.getInt(16) == 2) {
            return ImageFormat.PARALLELS;
        }
        if (cString(b, 0, 32, "Bochs Virtual HD Image") && cString(b, 32, 16, "Redolog")
                && cString(b, 48, 16, "Growing") && (le.getInt(64) == 0x20000 || le.getInt(64) == 0x10000)) {
            return ImageFormat.BOCHS;
        }
        if (startsWith(b, 0, LUKS_MAGIC) && (be.getShort(6) == 1 || be.getShort(6) == 2)) {
            return ImageFormat.LUKS;
        }
        if (startsWith(b, 0, CLOOP_PREFIX)) {
            return ImageFormat.CLOOP;
        }
        if (tail != null && tail.length == SECTOR) {
            ByteBuffer t = ByteBuffer.wrap(tail);
            if (startsWith(tail, 0, VHD_COOKIE)) {
                return ImageFormat.VPC;
            }
            if (t.getInt(0) == DMG_KOLY && t.getInt(4) == 4 && t.getInt(8) == SECTOR) {
                return ImageFormat.DMG;
            }
        }
        return ImageFormat.RAW;
    }

    /**
     * A VMDK text descriptor: after comment lines and white space, the first setting is
     * {@code version=1}, {@code 2} or {@code 3} ending its line. This accepts every descriptor
     * qemu recognises (it allows only lines of spaces between the comments) and a few more.
     */
    private static boolean vmdkDescriptor(byte[] b) {
        int i = 0;
        while (i < b.length) {
            byte c = b[i];
            if (c == '#') {
                while (i < b.length && b[i] != '\n') {
                    i++;
                }
                if (i == b.length) {
                    return false;
                }
                i++;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else {
                if (!startsWith(b, i, ascii("version=")) || i + 9 >= b.length || b[i + 8] < '1' || b[i + 8] > '3') {
                    return false;
                }
                int eol = i + 9;
                return b[eol] == '\n' || (b[eol] == '\r' && eol + 1 < b.length && b[eol + 1] == '\n');
            }
        }
        return false;
    }

    /** Whether the NUL-terminated string in the field at {@code at} equals {@code s}. */
    private static boolean cString(byte[] b, int at, int width, String s) {
        byte[] want = ascii(s);
        return startsWith(b, at, want) && want.length < width && b[at + want.length] == 0;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        return at + prefix.length <= b.length && Arrays.equals(b, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
