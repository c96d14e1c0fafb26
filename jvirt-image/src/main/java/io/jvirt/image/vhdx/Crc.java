package io.jvirt.image.vhdx;

import java.util.zip.CRC32C;

/** The CRC-32C checksums of VHDX structures: computed with the checksum field taken as zero. */
final class Crc {

    private Crc() {
    }

    /**
     * Checks a structure's stored checksum.
     *
     * @param data the structure, which is not modified
     * @param checksumAt the offset of the little-endian 32-bit checksum field
     * @return whether the stored value matches
     */
    static boolean valid(byte[] data, int checksumAt) {
        int stored = (data[checksumAt] & 0xff) | (data[checksumAt + 1] & 0xff) << 8
                | (data[checksumAt + 2] & 0xff) << 16 | (data[checksumAt + 3] & 0xff) << 24;
        CRC32C crc = new CRC32C();
        crc.update(data, 0, checksumAt);
        crc.update(new byte[4]);
        crc.update(data, checksumAt + 4, data.length - checksumAt - 4);
        return (int) crc.getValue() == stored;
    }
}
