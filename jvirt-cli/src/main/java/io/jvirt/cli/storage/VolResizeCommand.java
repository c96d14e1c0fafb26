package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.client.JvirtClient;

/** {@code jvirt vol-resize VOL CAPACITY [--pool P] [--allocate] [--delta] [--shrink]}. */
public final class VolResizeCommand extends VolumeVerb {
    private final Value<String> vol = parameter("VOL", "The volume (name with --pool, or key or path).");
    private final Value<String> capacity = parameter("CAPACITY", "The new capacity such as 20G (with --delta: "
            + "the change).");
    private final Flag allocate = flag("--allocate", "Reserve the added space at once (raw).");
    private final Flag delta = flag("--delta", "CAPACITY is added to the current capacity (subtracted with --shrink).");
    private final Flag shrink = flag("--shrink", "Allow a smaller capacity; the data past it is lost.");

    public VolResizeCommand() {
        super("vol-resize", "Change a volume's capacity: grow it, or shrink it with --shrink.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String capacity = this.capacity.get();
        boolean delta = this.delta.get(), shrink = this.shrink.get();
        boolean minus = capacity.startsWith("-");
        String text = minus || capacity.startsWith("+") ? capacity.substring(1) : capacity;
        if (minus && !(delta && shrink)) {
            throw new io.jvirt.client.JvirtClientException(io.jvirt.api.ErrorCode.INVALID_ARGUMENT,
                    "A negative capacity needs --delta and --shrink.");
        }
        long bytes = Sizes.parse(text, "The capacity");
        Ref r = resolve(client, vol.get());
        StorageVolumeInfo v = client.resizeVolume(r.pool(), r.name(), bytes, delta, shrink, allocate.get());
        return report(v, "Size of volume '" + r.name() + "' successfully changed to " + capacity);
    }
}
