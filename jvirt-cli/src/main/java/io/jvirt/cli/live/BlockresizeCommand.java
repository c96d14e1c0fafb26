package io.jvirt.cli.live;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;
import picocli.CommandLine.ParameterException;

/** {@code jvirt blockresize DOMAIN PATH SIZE}: a running domain's disk grows to SIZE (KiB unless it has a unit). */
public final class BlockresizeCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> path = parameter("PATH", "Disk target or source path.");
    private final Value<String> size = parameter("SIZE", "New size, KiB by default (or with a unit: 2G).");

    public BlockresizeCommand() {
        super("blockresize", "Resize a running domain's disk.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        long bytes;
        try {
            bytes = ScaledSize.bytes(size.get(), 1024, "The size");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec().commandLine(), "Numeric value '" + size.get()
                    + "' for <size> option is malformed or out of range");
        }
        DomainInfo d;
        try {
            d = new LiveClient(client).blockResize(domain.get(), path.get(), bytes);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Failed to resize block device '" + path.get() + "'\nerror: "
                    + e.getMessage(), e);
        }
        return report(d, "Block device '" + path.get() + "' is resized");
    }
}
