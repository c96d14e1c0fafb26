package io.jvirt.cli.snapshot;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.SnapshotInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

import java.util.List;
import java.util.Set;

/**
 * {@code jvirt snapshot-create-as DOMAIN [NAME] [DESCRIPTION] [--print-xml] [--no-metadata]
 * [--halt] [--disk-only] [--reuse-external] [--quiesce] [--atomic] [--live]
 * [--memspec MEMSPEC] [--diskspec DISKSPEC]...}: a snapshot from arguments, as virsh builds
 * its XML from them ({@code --memspec [file=]/path[,snapshot=external]},
 * {@code --diskspec vda[,snapshot=external][,driver=qcow2][,stype=file][,file=/path]}).
 */
public final class SnapshotCreateAsCommand extends ClientVerb {
    @SuppressWarnings("unused") // virsh's option: jvirtd checks every document against its model anyway
    private final Flag validate = flag("--validate",
            "Accepted as virsh's: jvirtd checks every document against its model before it accepts it.");
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> namePos = optionalParameter("NAME", String.class, "The snapshot's name.");
    private final Value<String> descPos = optionalParameter("DESCRIPTION", String.class, "Its description.");
    private final Value<String> nameOpt = option("--name", "NAME", "The snapshot's name.");
    private final Value<String> descOpt = option("--description", "DESCRIPTION", "Its description.");
    private final Flag printXml = flag("--print-xml", "Print the XML that would be used, take nothing.");
    private final SnapshotCreateFlags flags = new SnapshotCreateFlags(this::flag);
    private final Value<String> memspec = option("--memspec", "MEMSPEC",
            "Where the memory goes: [file=]/path[,snapshot=external|internal|no].");
    private final Value<List<String>> diskspecs = repeatable("--diskspec", "DISKSPEC", String.class,
            "A disk: NAME[,snapshot=external|internal|no][,driver=qcow2][,stype=file|block][,file=/path].");

    public SnapshotCreateAsCommand() {
        super("snapshot-create-as", "Create a snapshot from a set of arguments.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String name = nameOpt.get() != null ? nameOpt.get() : namePos.get();
        String desc = descOpt.get() != null ? descOpt.get() : descPos.get();
        String xml = SnapshotSpecs.xml(name, desc, memspec.get(), diskspecs.orElse(List.of()));
        if (printXml.get()) {
            out().print(xml);
            out().flush();
            return 0;
        }
        Set<String> f = flags.given();
        if (memspec.get() != null && f.contains("disk-only")) {
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, "--memspec and --disk-only exclude each other.");
        }
        SnapshotInfo s = client.snapshots().create(domain.get(), xml, f);
        return report(s, "Domain snapshot " + s.name() + " created");
    }
}
