package io.jvirt.image.qcow2;

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
     */
    public static Path resolve(Path image, String name) {
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            return p;
        }
        Path parent = image.getParent();
        return parent == null ? p : parent.resolve(p);
    }
}
