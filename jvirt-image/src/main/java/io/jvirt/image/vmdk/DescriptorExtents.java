package io.jvirt.image.vmdk;

import io.jvirt.image.ImageException;
import io.jvirt.image.foreign.ImageFile;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reads a text descriptor file and opens the extents it lists. Extent files must be plain
 * names in the descriptor's own directory: a descriptor is untrusted input, and following
 * absolute or {@code ..} paths would let it expose any file the daemon can read.
 */
final class DescriptorExtents {

    /** Largest descriptor file accepted (1 MiB). */
    static final long MAX_DESCRIPTOR_BYTES = 1 << 20;

    private DescriptorExtents() {
    }

    /** Reads and parses the whole descriptor file. */
    static Descriptor read(ImageFile f) {
        if (f.size() > MAX_DESCRIPTOR_BYTES) {
            throw f.limit("the text descriptor is " + f.size() + " bytes long, more than the limit of "
                    + MAX_DESCRIPTOR_BYTES);
        }
        byte[] text = f.read(0, (int) f.size(), ByteOrder.LITTLE_ENDIAN, "the text descriptor").array();
        Descriptor descriptor = Descriptor.parse(f, text);
        if (descriptor.extents().isEmpty()) {
            throw f.corrupt("the text descriptor lists no extents");
        }
        return descriptor;
    }

    /** Opens the extent of one descriptor line. */
    static VmdkExtent open(ImageFile descriptor, Descriptor.ExtentLine line) {
        if (!line.access().equals("RW") && !line.access().equals("RDONLY")) {
            throw descriptor.unsupported("an extent has access " + line.access()
                    + ", so its data cannot be read");
        }
        long length = line.sectors() * 512;
        return switch (line.type()) {
            case "ZERO" -> new ZeroExtent(length);
            case "FLAT", "VMFS" -> {
                ImageFile file = openFile(descriptor, line.file(), "raw");
                try {
                    long start = line.offset() * 512;
                    if (start > file.size() || length > file.size() - start) {
                        throw descriptor.truncated("the flat extent of " + length + " bytes at offset " + start
                                + " of " + file.path() + " extends past the end of that file, which is " + file.size()
                                + " bytes long");
                    }
                    yield new FlatExtent(file, start, length);
                } catch (RuntimeException e) {
                    closeQuietly(file, e);
                    throw e;
                }
            }
            case "SPARSE" -> {
                ImageFile file = openFile(descriptor, line.file(), "VMDK");
                try {
                    SparseExtent sparse = SparseExtent.open(file);
                    if (sparse.length() < length) {
                        throw descriptor.corrupt("the sparse extent file " + file.path() + " holds "
                                + sparse.length() / 512 + " sectors, but the descriptor lists " + line.sectors());
                    }
                    yield sparse;
                } catch (RuntimeException e) {
                    closeQuietly(file, e);
                    throw e;
                }
            }
            default -> throw descriptor.unsupported("an extent has type " + line.type()
                    + ", and only SPARSE, FLAT, VMFS and ZERO extents are implemented");
        };
    }

    private static ImageFile openFile(ImageFile descriptor, String name, String format) {
        boolean plain = !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
        if (!plain) {
            throw descriptor.unsupported("the extent file \"" + name + "\" is not a plain file name in the"
                    + " descriptor's directory, and jvirt reads extents only from there");
        }
        Path parent = descriptor.path().toAbsolutePath().getParent();
        Path path = parent.resolve(name);
        try {
            return ImageFile.open(path, format);
        } catch (ImageException e) {
            if (e.kind() == ImageException.Kind.NOT_FOUND) {
                throw new ImageException(ImageException.Kind.NOT_FOUND, descriptor.path(), "image "
                        + descriptor.path() + " lists the extent file " + path + ", which does not exist.", e);
            }
            throw e;
        }
    }

    private static void closeQuietly(ImageFile file, Throwable primary) {
        try {
            file.close();
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
    }
}
