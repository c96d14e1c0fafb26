package io.jvirt.qemu.qmp;

import java.util.List;

/**
 * The images a guest block device really has open, from {@code query-block}: its top image and
 * the backing images below it, top first. Filter nodes a running job inserts (mirror, commit)
 * are left out.
 *
 * @param qdev the device's id or QOM path, as in {@link BlockDevice}
 * @param nodeName the node at the top, or null for an empty drive
 * @param layers the images, top first (empty for an empty drive)
 */
public record BlockChain(String qdev, String nodeName, List<Layer> layers) {
    /** Copies the list. */
    public BlockChain {
        layers = List.copyOf(layers);
    }

    /**
     * One image of the chain.
     *
     * @param filename its file
     * @param format its format driver ({@code qcow2}, {@code raw}...)
     * @param virtualSize the size the guest sees, bytes
     */
    public record Layer(String filename, String format, long virtualSize) {
    }

    /** The files, top first. */
    public List<String> files() {
        return layers.stream().map(Layer::filename).toList();
    }
}
