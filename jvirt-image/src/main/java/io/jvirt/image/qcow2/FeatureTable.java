package io.jvirt.image.qcow2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The feature name table header extension written into v3 images, as qemu does. */
final class FeatureTable {

    private FeatureTable() {
    }

    /** @return the extension payload */
    static byte[] bytes() {
        String[][] rows = {
            {"0", "0", "dirty bit"}, {"0", "1", "corrupt bit"}, {"0", "2", "external data file"},
            {"0", "3", "compression type"}, {"0", "4", "extended L2 entries"}, {"1", "0", "lazy refcounts"},
            {"2", "0", "bitmaps"}, {"2", "1", "raw external data"},
        };
        ByteBuffer b = ByteBuffer.allocate(rows.length * 48);
        for (String[] r : rows) {
            b.put((byte) Integer.parseInt(r[0])).put((byte) Integer.parseInt(r[1]));
            byte[] name = new byte[46];
            byte[] s = r[2].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(s, 0, name, 0, s.length);
            b.put(name);
        }
        return b.array();
    }
}
