package io.jvirt.cli.storage;

import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.api.VolumeCreateRequest;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jvirt vol-create-as POOL NAME CAPACITY [--allocation A] [--format raw|qcow2]
 * [--backing-vol V] [--prealloc-metadata] [--print-xml]}.
 */
@Command(name = "vol-create-as", description = "Create an empty volume (raw or qcow2, optionally a thin overlay of "
        + "a backing volume).")
public final class VolCreateAsCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "The pool (name or UUID).")
    String pool;
    @Parameters(index = "1", paramLabel = "NAME", description = "The new volume's name.")
    String name;
    @Parameters(index = "2", paramLabel = "CAPACITY", description = "The size the guest sees, such as 10G or 512MiB "
            + "(0 with --backing-vol: the backing volume's size).")
    String capacity;
    @Option(names = "--allocation", paramLabel = "SIZE", description = "Space to reserve at once (raw; default: all).")
    String allocation;
    @Option(names = "--format", paramLabel = "FORMAT", description = "raw (default) or qcow2.")
    String format;
    @Option(names = "--backing-vol", paramLabel = "VOL", description = "A volume of the pool (or a path) to build a "
            + "thin qcow2 overlay on.")
    String backingVol;
    @Option(names = "--backing-vol-format", paramLabel = "FORMAT", description = "The backing volume's format "
            + "(read from the volume; accepted for virsh compatibility).")
    String backingVolFormat;
    @Option(names = "--prealloc-metadata", description = "Preallocate qcow2 metadata.")
    boolean prealloc;
    @Option(names = "--print-xml", description = "Print the volume XML instead of creating it.")
    boolean printXml;

    @Override
    protected int run(JvirtClient client) throws Exception {
        long cap = Sizes.parse(capacity, "The capacity");
        Long alloc = allocation == null ? null : Sizes.parse(allocation, "The allocation");
        String fmt = format != null ? format : backingVol != null ? "qcow2" : null;
        if (printXml) {
            out().print(xml(cap, alloc, fmt));
            out().flush();
            return 0;
        }
        StorageVolumeInfo v = client.createVolumeAs(pool, new VolumeCreateRequest(name, fmt, cap, alloc, backingVol,
                prealloc));
        return report(v, "Vol " + v.name() + " created");
    }

    private String xml(long cap, Long alloc, String fmt) {
        StringBuilder sb = new StringBuilder("<volume>\n  <name>").append(escape(name)).append("</name>\n")
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
