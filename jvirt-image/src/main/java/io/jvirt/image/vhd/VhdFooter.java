package io.jvirt.image.vhd;

import io.jvirt.image.foreign.ForeignImage;
import io.jvirt.image.foreign.ImageFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The validated 512-byte VHD footer (big-endian), found at the end of every VHD and
 * copied to offset 0 of dynamic disks.
 *
 * @param dataOffset  file offset of the dynamic disk header; all ones for fixed disks
 * @param currentSize the size field in bytes
 * @param cylinders   CHS geometry: cylinders
 * @param heads       CHS geometry: heads
 * @param sectors     CHS geometry: sectors per track
 * @param diskType    2 fixed, 3 dynamic
 * @param creatorApp  the four-character creator application
 */
record VhdFooter(long dataOffset, long currentSize, int cylinders, int heads, int sectors, int diskType,
        String creatorApp) {

    /** Footer size in bytes. */
    static final int SIZE = 512;
    static final int TYPE_FIXED = 2;
    static final int TYPE_DYNAMIC = 3;
    private static final int TYPE_DIFFERENCING = 4;
    private static final long COOKIE = 0x636f6e6563746978L; // "conectix"
    private static final int VERSION_1_0 = 0x00010000;
    private static final long MAX_CHS_SECTORS = 65535L * 16 * 255;

    /** Reports whether the 512 bytes start with the cookie "conectix". */
    static boolean hasCookie(ByteBuffer b) {
        return b.order(ByteOrder.BIG_ENDIAN).getLong(0) == COOKIE;
    }

    /** Reports whether the checksum field matches the bytes. */
    static boolean checksumValid(ByteBuffer b) {
        return checksum(b, 64) == b.order(ByteOrder.BIG_ENDIAN).getInt(64);
    }

    /** One's complement of the byte sum, skipping the four checksum bytes at {@code at}. */
    static int checksum(ByteBuffer b, int at) {
        int sum = 0;
        for (int i = 0; i < b.limit(); i++) {
            if (i < at || i >= at + 4) {
                sum += b.get(i) & 0xff;
            }
        }
        return ~sum;
    }

    /**
     * Parses and validates a footer whose cookie and checksum were already checked.
     *
     * @param where "footer" or "footer copy at offset 0", for messages
     */
    static VhdFooter parse(ImageFile file, ByteBuffer raw, String where) {
        ByteBuffer b = raw.order(ByteOrder.BIG_ENDIAN);
        int version = b.getInt(12);
        if (version != VERSION_1_0) {
            throw file.unsupported("the " + where + " has version " + (version >>> 16) + "." + (version & 0xffff)
                    + ", but only version 1.0 is implemented");
        }
        int diskType = b.getInt(60);
        switch (diskType) {
            case TYPE_FIXED, TYPE_DYNAMIC -> {
            }
            case TYPE_DIFFERENCING -> throw file.unsupported("the disk is a differencing disk with a parent image");
            default -> throw file.corrupt("the disk type " + Integer.toUnsignedString(diskType) + " in the " + where
                    + " is unknown");
        }
        long currentSize = b.getLong(48);
        if (currentSize < 0 || currentSize > ForeignImage.MAX_VIRTUAL_SIZE) {
            throw file.limit("the " + where + " declares a disk size of " + Long.toUnsignedString(currentSize)
                    + " bytes, more than the 2^62 bytes jvirt accepts");
        }
        byte[] app = new byte[4];
        b.get(28, app);
        return new VhdFooter(b.getLong(16), currentSize, Short.toUnsignedInt(b.getShort(56)),
                Byte.toUnsignedInt(b.get(58)), Byte.toUnsignedInt(b.get(59)), diskType,
                new String(app, StandardCharsets.ISO_8859_1));
    }

    /**
     * Returns the guest size the way QEMU computes it: images written by Virtual PC and by
     * older QEMU ("vpc ", "qemu") are sized by their CHS geometry unless that geometry is
     * the maximum; all others by the size field.
     */
    long virtualSize() {
        long chs = (long) cylinders * heads * sectors;
        boolean useChs = creatorApp.equals("vpc ") || creatorApp.equals("qemu");
        if (useChs && chs != MAX_CHS_SECTORS) {
            return chs * 512;
        }
        return currentSize & ~511L;
    }
}
