package io.jvirt.image.foreign;

import io.jvirt.image.ImageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Checks that the structures of an image file do not overlap: headers, tables and the
 * equally sized data blocks the tables point to. Overlapping structures mean that a write
 * through one would corrupt another, which no valid image has, so they are rejected at
 * open instead of producing aliased guest data.
 */
public final class Layout {

    /**
     * A named byte range of the file.
     *
     * @param start  first byte
     * @param length number of bytes
     * @param what   names the structure in messages, such as "the grain directory"
     */
    public record Region(long start, long length, String what) {

        /** Validates the range. */
        public Region {
            if (start < 0 || length < 0) {
                throw new IllegalArgumentException("A region cannot have a negative start or length.");
            }
        }

        long end() {
            return start + length;
        }
    }

    private Layout() {
    }

    /**
     * Fails if any two regions overlap, or any block overlaps a region or another block.
     *
     * @param file      the image, for messages
     * @param regions   metadata regions, a handful
     * @param blocks    file offsets of data blocks; sorted in place
     * @param blockSpan length of every data block in bytes
     * @param blockName names a data block in messages, such as "data block"
     * @throws ImageException of kind CORRUPT naming the overlap
     */
    public static void requireDisjoint(ImageFile file, List<Region> regions, long[] blocks, long blockSpan,
            String blockName) {
        List<Region> sorted = new ArrayList<>(regions);
        sorted.removeIf(r -> r.length() == 0);
        sorted.sort(Comparator.comparingLong(Region::start));
        for (int i = 1; i < sorted.size(); i++) {
            Region a = sorted.get(i - 1);
            Region b = sorted.get(i);
            if (b.start() < a.end()) {
                throw file.corrupt(a.what() + " at offset " + a.start() + " overlaps " + b.what()
                        + " at offset " + b.start());
            }
        }
        Arrays.sort(blocks);
        for (int i = 1; i < blocks.length; i++) {
            if (blocks[i] - blocks[i - 1] < blockSpan) {
                throw file.corrupt("two " + blockName + "s overlap at offsets " + blocks[i - 1] + " and " + blocks[i]);
            }
        }
        for (Region r : sorted) {
            int at = Arrays.binarySearch(blocks, r.start());
            int next = at >= 0 ? at : -at - 1;
            if (next > 0 && blocks[next - 1] + blockSpan > r.start()) {
                throw file.corrupt("the " + blockName + " at offset " + blocks[next - 1] + " overlaps " + r.what());
            }
            if (next < blocks.length && blocks[next] < r.end()) {
                throw file.corrupt("the " + blockName + " at offset " + blocks[next] + " overlaps " + r.what());
            }
        }
    }
}
