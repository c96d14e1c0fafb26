package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvirt vol-resize VOL CAPACITY [--pool P] [--allocate] [--delta] [--shrink]}. */
@Command(name = "vol-resize", description = "Change a volume's capacity: grow it, or shrink it with --shrink.")
public final class VolResizeCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "VOL", description = "The volume (name with --pool, or key or path).")
    String vol;
    @Parameters(index = "1", paramLabel = "CAPACITY", description = "The new capacity such as 20G (with --delta: "
            + "the change).")
    String capacity;
    @Mixin
    VolumeOptions volume;
    @Option(names = "--allocate", description = "Reserve the added space at once (raw).")
    boolean allocate;
    @Option(names = "--delta", description = "CAPACITY is added to the current capacity (subtracted with --shrink).")
    boolean delta;
    @Option(names = "--shrink", description = "Allow a smaller capacity; the data past it is lost.")
    boolean shrink;

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean minus = capacity.startsWith("-");
        String text = minus || capacity.startsWith("+") ? capacity.substring(1) : capacity;
        if (minus && !(delta && shrink)) {
            throw new io.jvirt.client.JvirtClientException(io.jvirt.api.ErrorCode.INVALID_ARGUMENT,
                    "A negative capacity needs --delta and --shrink.");
        }
        long bytes = Sizes.parse(text, "The capacity");
        VolumeOptions.Ref r = volume.resolve(client, vol);
        StorageVolumeInfo v = client.resizeVolume(r.pool(), r.name(), bytes, delta, shrink, allocate);
        return report(v, "Size of volume '" + r.name() + "' successfully changed to " + capacity);
    }
}
