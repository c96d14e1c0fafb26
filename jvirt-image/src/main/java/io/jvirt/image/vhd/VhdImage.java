package io.jvirt.image.vhd;

import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import io.jvirt.image.foreign.AbstractForeignImage;
import io.jvirt.image.foreign.ImageFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A fixed or dynamic VHD image. A fixed disk is raw data followed by the footer; a dynamic
 * disk maps blocks through the block allocation table, and each block starts with a
 * sector bitmap whose clear bits mark sectors that read as zeros.
 */
public final class VhdImage extends AbstractForeignImage {

    private final VhdFooter footer;
    private final DynamicBlocks blocks;

    private VhdImage(ImageFile file, VhdFooter footer, long virtualSize, DynamicBlocks blocks) {
        super(file, virtualSize);
        this.footer = footer;
        this.blocks = blocks;
    }

    /**
     * Opens a file that carries the cookie "conectix" at offset 0 or in its last 512 bytes.
     * The footer at the end is preferred; the copy at offset 0 of a dynamic disk is used
     * when the end is missing or damaged. On failure the file is left open for the caller.
     *
     * @param file the image, owned by the returned reader
     * @return the reader
     * @throws ImageException if the image is malformed or uses unsupported features
     */
    public static VhdImage open(ImageFile file) {
        ImageFile f = file.as("VHD");
        if (f.size() < VhdFooter.SIZE) {
            throw f.truncated("the file is shorter than one footer");
        }
        ByteBuffer end = f.read(f.size() - VhdFooter.SIZE, VhdFooter.SIZE, ByteOrder.BIG_ENDIAN, "the footer");
        ByteBuffer start = f.read(0, VhdFooter.SIZE, ByteOrder.BIG_ENDIAN, "the footer copy at offset 0");
        boolean endValid = VhdFooter.hasCookie(end) && VhdFooter.checksumValid(end);
        boolean startValid = VhdFooter.hasCookie(start) && VhdFooter.checksumValid(start);
        VhdFooter footer;
        boolean footerAtEnd;
        if (endValid) {
            footer = VhdFooter.parse(f, end, "footer");
            footerAtEnd = true;
        } else if (startValid) {
            footer = VhdFooter.parse(f, start, "footer copy at offset 0");
            footerAtEnd = false;
            if (footer.diskType() == VhdFooter.TYPE_FIXED) {
                throw f.truncated("the footer copy at offset 0 describes a fixed disk, whose only footer must be"
                        + " at the end, and the end of the file holds no valid footer");
            }
        } else if (VhdFooter.hasCookie(end) || VhdFooter.hasCookie(start)) {
            throw f.corrupt("the checksum of the footer does not match its contents");
        } else {
            throw f.corrupt("neither the end of the file nor offset 0 holds a footer with the cookie conectix");
        }
        long virtualSize = footer.virtualSize();
        if (footer.diskType() == VhdFooter.TYPE_FIXED) {
            f.require(0, virtualSize + VhdFooter.SIZE, "the data of the fixed disk and its footer");
            return new VhdImage(f, footer, virtualSize, null);
        }
        long dataOffset = footer.dataOffset();
        f.require(dataOffset, DynamicHeader.SIZE, "the dynamic disk header");
        DynamicHeader header = DynamicHeader.parse(f,
                f.read(dataOffset, DynamicHeader.SIZE, ByteOrder.BIG_ENDIAN, "the dynamic disk header"), virtualSize);
        DynamicBlocks blocks = DynamicBlocks.load(f, header, dataOffset, footerAtEnd, virtualSize);
        return new VhdImage(f, footer, virtualSize, blocks);
    }

    @Override
    public String format() {
        return "vpc";
    }

    @Override
    public String subformat() {
        return footer.diskType() == VhdFooter.TYPE_FIXED ? "fixed" : "dynamic";
    }

    @Override
    protected int readPiece(long offset, byte[] buf, int off, int len) {
        if (blocks == null) {
            file.readFully(offset, buf, off, len, "the data of the fixed disk");
            return len;
        }
        return blocks.read(offset, buf, off, len);
    }

    @Override
    protected Extent runAt(long offset) {
        if (blocks == null) {
            return data(offset, virtualSize() - offset, offset);
        }
        return blocks.runAt(offset);
    }
}
