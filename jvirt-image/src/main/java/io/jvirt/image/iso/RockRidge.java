package io.jvirt.image.iso;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The SUSP and Rock Ridge (RRIP 1.10) entries the writer puts in primary directory records. Pure. */
final class RockRidge {
    static final int SP_LENGTH = 7;
    static final int PX_LENGTH = 36;
    static final int CE_LENGTH = 28;

    static final int DIR_MODE = 0040555;
    static final int FILE_MODE = 0100444;

    private static final byte[] ER_ID = "RRIP_1991A".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ER_DESCRIPTION =
            "THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS"
                    .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ER_SOURCE = ("PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  SEE PUBLISHER "
            + "IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION.").getBytes(StandardCharsets.US_ASCII);

    private RockRidge() {
    }

    static int nmLength(byte[] name) {
        return 5 + name.length;
    }

    static int erLength() {
        return 8 + ER_ID.length + ER_DESCRIPTION.length + ER_SOURCE.length;
    }

    /** SP: the SUSP indicator, first in the root's "." record. */
    static int sp(ByteBuffer b, int off) {
        b.put(off, (byte) 'S').put(off + 1, (byte) 'P').put(off + 2, (byte) SP_LENGTH).put(off + 3, (byte) 1)
                .put(off + 4, (byte) 0xBE).put(off + 5, (byte) 0xEF).put(off + 6, (byte) 0);
        return off + SP_LENGTH;
    }

    /** PX: POSIX mode, link count, owner root. */
    static int px(ByteBuffer b, int off, int mode, int links) {
        b.put(off, (byte) 'P').put(off + 1, (byte) 'X').put(off + 2, (byte) PX_LENGTH).put(off + 3, (byte) 1);
        IsoBytes.both32(b, off + 4, mode);
        IsoBytes.both32(b, off + 12, links);
        IsoBytes.both32(b, off + 20, 0);
        IsoBytes.both32(b, off + 28, 0);
        return off + PX_LENGTH;
    }

    /** NM: the entry's long name. */
    static int nm(ByteBuffer b, int off, byte[] name) {
        b.put(off, (byte) 'N').put(off + 1, (byte) 'M').put(off + 2, (byte) nmLength(name)).put(off + 3, (byte) 1)
                .put(off + 4, (byte) 0);
        b.put(off + 5, name);
        return off + nmLength(name);
    }

    /** CE: where the continuation area (holding ER) is. */
    static int ce(ByteBuffer b, int off, int lba, int length) {
        b.put(off, (byte) 'C').put(off + 1, (byte) 'E').put(off + 2, (byte) CE_LENGTH).put(off + 3, (byte) 1);
        IsoBytes.both32(b, off + 4, lba);
        IsoBytes.both32(b, off + 12, 0);
        IsoBytes.both32(b, off + 20, length);
        return off + CE_LENGTH;
    }

    /** ER: names the Rock Ridge extension in use. */
    static int er(ByteBuffer b, int off) {
        b.put(off, (byte) 'E').put(off + 1, (byte) 'R').put(off + 2, (byte) erLength()).put(off + 3, (byte) 1)
                .put(off + 4, (byte) ER_ID.length).put(off + 5, (byte) ER_DESCRIPTION.length)
                .put(off + 6, (byte) ER_SOURCE.length).put(off + 7, (byte) 1);
        int p = off + 8;
        b.put(p, ER_ID);
        p += ER_ID.length;
        b.put(p, ER_DESCRIPTION);
        p += ER_DESCRIPTION.length;
        b.put(p, ER_SOURCE);
        return p + ER_SOURCE.length;
    }
}
