package io.jvirt.image;

import java.nio.file.Path;

/** Opens read-only import formats (vmdk, vdi, vpc) through the foreign-format readers when present. */
final class ForeignBridge {

    private ForeignBridge() {
    }

    static DiskImage open(Path path, ImageFormat f) {
        throw new ImageException(ImageException.Kind.UNSUPPORTED, path,
                "Image " + path + " is in " + f.qemuName() + " format, whose reader is not available yet.");
    }
}
