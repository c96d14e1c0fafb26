package io.jvirt.cli.agent;

import io.jvirt.api.GuestFileSystem;
import io.jvirt.cli.support.Table;
import io.jvirt.client.AgentClient;

import java.util.List;

/** {@code jvirt domfsinfo DOMAIN}: the guest's mounted file systems and the domain's disks they live on. */
public final class DomfsinfoCommand extends AgentVerb {
    public DomfsinfoCommand() {
        super("domfsinfo", "Get information of the domain's mounted file systems (via the guest agent).");
    }

    @Override
    protected int run(AgentClient client) throws Exception {
        List<GuestFileSystem> fss = client.fileSystems(domain.get());
        if (json()) {
            printJson(fss);
            return 0;
        }
        if (fss.isEmpty()) {
            text("No filesystems are mounted in the domain");
            return 0;
        }
        Table t = new Table("Mountpoint", "Name", "Type", "Target");
        for (GuestFileSystem f : fss) {
            t.row(f.mountpoint(), f.name(), f.type(), String.join(",", f.targets()));
        }
        print(t);
        return 0;
    }
}
