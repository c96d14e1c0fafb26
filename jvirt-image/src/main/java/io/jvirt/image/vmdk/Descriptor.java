package io.jvirt.image.vmdk;

import io.jvirt.image.foreign.ForeignImage;
import io.jvirt.image.foreign.ImageFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text descriptor of a VMDK image: its create type, parent link and extent lines.
 * Only what the reader needs is kept; the disk database ({@code ddb.*}) is ignored.
 *
 * @param createType the {@code createType} value, such as "monolithicSparse", or empty
 * @param parentCid  the {@code parentCID} value; "ffffffff" or empty when there is no parent
 * @param extents    the extent lines in order
 */
record Descriptor(String createType, String parentCid, List<ExtentLine> extents) {

    /**
     * One extent line: {@code RW 6151 SPARSE "disk.vmdk"}.
     *
     * @param access  RW, RDONLY or NOACCESS
     * @param sectors size of the extent in sectors
     * @param type    SPARSE, FLAT, ZERO, VMFS and so on, upper case
     * @param file    the file name, empty for ZERO extents
     * @param offset  for FLAT extents, the sector in the file where the extent starts
     */
    record ExtentLine(String access, long sectors, String type, String file, long offset) {
    }

    /**
     * An extent line. Possessive quantifiers keep matching linear: descriptor lines are
     * untrusted and may be up to a megabyte long.
     */
    private static final Pattern EXTENT = Pattern.compile(
            "(RW|RDONLY|NOACCESS)\\s++(\\d++)\\s++([A-Za-z]++)(?:\\s++\"([^\"]*+)\")?+(?:\\s++(\\d++))?+");
    private static final int MAX_EXTENTS = 4096;

    /** Reports whether the descriptor names a parent, that is describes a differencing disk. */
    boolean hasParent() {
        return !parentCid.isEmpty() && !parentCid.equalsIgnoreCase("ffffffff");
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).strip();
        }
        return value;
    }

    private static long sectors(ImageFile file, String digits, String what, int lineNumber) {
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 0 || value > ForeignImage.MAX_VIRTUAL_SIZE / 512) {
            throw file.limit("the extent " + what + " of " + digits + " sectors on descriptor line " + lineNumber
                    + " exceeds the 2^62 bytes jvirt accepts");
        }
        return value;
    }

    /**
     * Parses descriptor text, which ends at the first NUL byte.
     *
     * @param file  the image, for messages
     * @param bytes the raw text, already bounded by the caller
     */
    static Descriptor parse(ImageFile file, byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        String text = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        String createType = "";
        String parentCid = "";
        List<ExtentLine> extents = new ArrayList<>();
        int lineNumber = 0;
        for (String raw : text.split("\n", -1)) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher extent = EXTENT.matcher(line);
            if (extent.matches()) {
                if (extents.size() == MAX_EXTENTS) {
                    throw file.limit("the descriptor lists more than " + MAX_EXTENTS + " extents");
                }
                long sectors = sectors(file, extent.group(2), "size", lineNumber);
                long offset = extent.group(5) == null ? 0 : sectors(file, extent.group(5), "offset", lineNumber);
                String name = extent.group(4) == null ? "" : extent.group(4);
                extents.add(new ExtentLine(extent.group(1), sectors, extent.group(3).toUpperCase(Locale.ROOT), name,
                        offset));
                continue;
            }
            if (line.startsWith("RW") || line.startsWith("RDONLY") || line.startsWith("NOACCESS")) {
                throw file.corrupt("descriptor line " + lineNumber + " starts like an extent but does not have the"
                        + " form ACCESS SECTORS TYPE \"FILE\" OFFSET");
            }
            int equals = line.indexOf('=');
            if (equals > 0) {
                String value = unquote(line.substring(equals + 1).strip());
                switch (line.substring(0, equals).strip()) {
                    case "createType" -> createType = value;
                    case "parentCID" -> parentCid = value;
                    default -> {
                        // Other keys (version, CID, ddb.*) do not affect reading.
                    }
                }
            }
            // Anything else (free text some tools add) does not affect reading.
        }
        return new Descriptor(createType, parentCid, List.copyOf(extents));
    }
}
