package io.jvirt.image.iso;

import io.jvirt.image.ImageException;
import io.jvirt.image.ImageException.Kind;
import java.time.Instant;

/**
 * What an ISO image holds.
 *
 * @param volumeId the volume identifier (the label {@code blkid} shows), 1 to 32 printable ASCII
 *     characters; written as given, so a NoCloud seed's lower-case {@code cidata} stays lower case
 * @param level the ISO 9660 interchange level of the short names
 * @param time the time stamp of the volume and of every entry
 * @param root the root directory
 */
public record IsoImage(String volumeId, Level level, Instant time, IsoNode.Directory root) {

    /** ISO 9660 interchange levels for the short (8.3 or 30-character) names. */
    public enum Level {
        /** Names of at most 8 characters plus a 3-character extension, directories 8. */
        LEVEL1,
        /** Names of at most 30 characters with the extension, directories 31. */
        LEVEL2
    }

    /** Checks the volume id. */
    public IsoImage {
        if (volumeId == null || volumeId.isEmpty() || volumeId.length() > 32) {
            throw new ImageException(Kind.INVALID_ARGUMENT, null,
                    "An ISO volume id needs 1 to 32 characters, not '" + volumeId + "'.");
        }
        for (int i = 0; i < volumeId.length(); i++) {
            char c = volumeId.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new ImageException(Kind.INVALID_ARGUMENT, null,
                        "The ISO volume id '" + volumeId + "' must hold printable ASCII characters only.");
            }
        }
        if (level == null || time == null || root == null) {
            throw new ImageException(Kind.INVALID_ARGUMENT, null, "An ISO image needs a level, a time and a root.");
        }
    }

    /** A level 2 image stamped now. */
    public static IsoImage of(String volumeId, IsoNode.Directory root) {
        return new IsoImage(volumeId, Level.LEVEL2, Instant.now(), root);
    }
}
