package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.api.VolumeCreateRequest;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt vol-create-as POOL NAME CAPACITY [--allocation A] [--format raw|qcow2]
 * [--backing-vol V] [--prealloc-metadata] [--print-xml]}.
 */
public final class VolCreateAsCommand extends ClientVerb {
    private final Value<String> pool = parameter("POOL", "The pool (name or UUID).");
    private final Value<String> name = parameter("NAME", "The new volume's name.");
    private final Value<String> capacity = parameter("CAPACITY", "The size the guest sees, such as 10G or 512MiB "
            + "(0 with --backing-vol: the backing volume's size).");
    private final Value<String> allocation = option("--allocation", "SIZE",
            "Space to reserve at once (raw; default: all).");
    private final Value<String> format = option("--format", "FORMAT", "raw (default) or qcow2.");
    private final Value<String> backingVol = option("--backing-vol", "VOL", "A volume of the pool (or a path) to build a "
            + "thin qcow2 overlay on.");
    private final Value<String> backingVolFormat = option("--backing-vol-format", "FORMAT", "The backing volume's format "
            + "(read from the volume; accepted for virsh compatibility).");
    private final Flag prealloc = flag("--prealloc-metadata", "Preallocate qcow2 metadata.");
    private final Flag printXml = flag("--print-xml", "Print the volume XML instead of creating it.");

    public VolCreateAsCommand() {
        super("vol-create-as", "Create an empty volume (raw or qcow2, optionally a thin overlay of a backing volume).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String allocation = this.allocation.get(), format = this.format.get(), backingVol = this.backingVol.get();
        long cap = Sizes.parse(capacity.get(), "The capacity");
        Long alloc = allocation == null ? null : Sizes.parse(allocation, "The allocation");
        String fmt = format != null ? format : backingVol != null ? "qcow2" : null;
        if (printXml.get()) {
            out().print(xml(cap, alloc, fmt));
            out().flush();
            return 0;
        }
        StorageVolumeInfo v = client.createVolumeAs(pool.get(), new VolumeCreateRequest(name.get(), fmt, cap, alloc,
                backingVol, prealloc.get()));
        return report(v, "Vol " + v.name() + " created");
    }

    private String xml(long cap, Long alloc, String fmt) {
        String backingVol = this.backingVol.get(), backingVolFormat = this.backingVolFormat.get();
        StringBuilder sb = new StringBuilder("<volume>\n  <name>").append(escape(name.get())).append("</name>\n")
                .append("  <capacity>").append(cap).append("</capacity>\n");
        if (alloc != null) {
            sb.append("  <allocation>").append(alloc).append("</allocation>\n");
        }
        sb.append("  <target>\n    <format type='").append(escape(fmt == null ? "raw" : fmt)).append("'/>\n  </target>\n");
        if (backingVol != null) {
            sb.append("  <backingStore>\n    <path>").append(escape(backingVol)).append("</path>\n");
            if (backingVolFormat != null) {
                sb.append("    <format type='").append(escape(backingVolFormat)).append("'/>\n");
            }
            sb.append("  </backingStore>\n");
        }
        return sb.append("</volume>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
