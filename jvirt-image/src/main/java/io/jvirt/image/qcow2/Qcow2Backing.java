package io.jvirt.image.qcow2;

import io.jvirt.image.ImageException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Resolution of backing file names stored in qcow2 headers. */
public final class Qcow2Backing {

    private Qcow2Backing() {
    }

    /**
     * Resolves a backing file name the way qemu does: relative names are relative to the
     * directory of the image that names them.
     *
     * @param image the image holding the name
     * @param name the stored name
     * @return the backing file path
     * @throws ImageException of kind {@code BACKING} for a name no file can have (a NUL byte in a
     *     damaged or hostile header)
     */
    public static Path resolve(Path image, String name) {
        Path p;
        try {
            p = Path.of(name);
        } catch (InvalidPathException e) {
            throw new ImageException(ImageException.Kind.BACKING, image, "The backing file name stored in image "
                    + image + " is not a file name (" + e.getReason() + "); the header is damaged, and "
                    + "'rebase -u -b NEW' can set a correct name.", e);
        }
        if (p.isAbsolute()) {
            return p;
        }
        Path parent = image.getParent();
        return parent == null ? p : parent.resolve(p);
    }
}
