package io.jvirt.image.qcow2;

/**
 * Finds where one zstd frame ends, so that the trailing bytes of a compressed cluster's last
 * sector are not mistaken for another frame.
 */
final class ZstdFrames {

    private static final int MAGIC = 0xFD2FB528;

    private ZstdFrames() {
    }

    /**
     * Measures the first frame.
     *
     * @param b bytes
     * @param len available bytes
     * @return frame length, or -1 when the bytes are not a complete frame
     */
    static int frameLength(byte[] b, int len) {
        if (len < 6 || le32(b, 0) != MAGIC) {
            return -1;
        }
        int fhd = b[4] & 0xff;
        int fcsFlag = fhd >>> 6;
        boolean single = (fhd & 0x20) != 0;
        boolean checksum = (fhd & 0x04) != 0;
        int dictFlag = fhd & 3;
        int pos = 5 + (single ? 0 : 1) + new int[] {0, 1, 2, 4}[dictFlag];
        pos += switch (fcsFlag) {
            case 0 -> single ? 1 : 0;
            case 1 -> 2;
            case 2 -> 4;
            default -> 8;
        };
        while (true) {
            if (pos + 3 > len) {
                return -1;
            }
            int bh = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16;
            pos += 3;
            boolean last = (bh & 1) != 0;
            int type = (bh >>> 1) & 3;
            int size = bh >>> 3;
            pos += switch (type) {
                case 0, 2 -> size;
                case 1 -> 1;
                default -> -1_000_000_000;
            };
            if (pos < 0 || pos > len) {
                return -1;
            }
            if (last) {
                break;
            }
        }
        if (checksum) {
            pos += 4;
        }
        return pos <= len ? pos : -1;
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
