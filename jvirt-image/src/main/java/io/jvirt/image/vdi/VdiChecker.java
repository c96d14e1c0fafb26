package io.jvirt.image.vdi;

import io.jvirt.image.CheckResult;
import io.jvirt.image.ImageException;
import io.jvirt.image.foreign.ImageFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * qemu-img check for VDI (qemu's vdi_co_check): every allocated block map entry must name a
 * block inside the image and no other entry may name the same block, and the header's count
 * of allocated blocks must match the map. The block map is read as qemu reads it, with what
 * lies past the end of the file as zeroes, so a truncated map is a finding, not an open error.
 */
public final class VdiChecker {

    /** Entries at or above this value are unallocated (0xffffffff) or discarded (0xfffffffe). */
    private static final long FIRST_UNMAPPED = 0xfffffffeL;
    private static final int BLOCKS_ALLOCATED_OFFSET = 0x184;

    private VdiChecker() {
    }

    /**
     * Checks a VDI file.
     *
     * @param path the image
     * @return the findings (corruptions only: VDI has no refcounts, so no leaks)
     * @throws ImageException when the header is unusable
     */
    public static CheckResult check(Path path) {
        try (ImageFile file = ImageFile.open(path, "VDI")) {
            ByteBuffer raw = file.read(0, VdiHeader.SIZE, ByteOrder.LITTLE_ENDIAN, "the header");
            if (raw.getInt(VdiHeader.SIGNATURE_OFFSET) != VdiHeader.SIGNATURE) {
                throw file.corrupt("the signature at offset 0x40 is missing");
            }
            VdiHeader header = VdiHeader.parse(file, raw);
            long declared = Integer.toUnsignedLong(raw.getInt(BLOCKS_ALLOCATED_OFFSET));
            byte[] map = new byte[header.blocks() * 4];
            file.readOrZero(header.blockMap(), map);
            ByteBuffer entries = ByteBuffer.wrap(map).order(ByteOrder.LITTLE_ENDIAN);
            List<String> log = new ArrayList<>();
            BitSet used = new BitSet(header.blocks());
            long corruptions = 0;
            long allocated = 0;
            for (int block = 0; block < header.blocks(); block++) {
                long entry = Integer.toUnsignedLong(entries.getInt(block * 4));
                if (entry >= FIRST_UNMAPPED) {
                    continue;
                }
                if (entry >= header.blocks()) {
                    log.add("ERROR: block index " + block + " too large, is " + entry);
                    corruptions++;
                    continue;
                }
                allocated++;
                if (used.get((int) entry)) {
                    // qemu names the shared block twice here; the same words keep outputs comparable
                    log.add("ERROR: block index " + entry + " also used by " + entry);
                    corruptions++;
                } else {
                    used.set((int) entry);
                }
            }
            if (allocated != declared) {
                log.add("ERROR: allocated blocks mismatch, is " + allocated + ", should be " + declared);
                corruptions++;
            }
            return new CheckResult("vdi", corruptions, 0, 0, 0, 0, 0, 0, 0, 0, 0, log, Optional.empty());
        }
    }
}
