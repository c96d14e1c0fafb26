package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;

import java.util.List;

/** {@code jvirt list}: virsh's domain table. */
public final class ListCommand extends ClientVerb {
    private final Flag all = flag("--all", "Include inactive domains.");
    private final Flag inactive = flag("--inactive", "Only inactive domains.");
    private final Flag running = flag("--state-running", "Only running domains.");
    private final Flag paused = flag("--state-paused", "Only paused domains.");
    private final Flag shutoff = flag("--state-shutoff", "Only shut off domains.");
    private final Flag names = flag("--name", "Print only names.");
    private final Flag uuids = flag("--uuid", "Print only UUIDs.");
    private final Flag titles = flag("--title", "Show titles.");
    private final Flag managedSave = flag("--managed-save", "Show shut-off domains with a managed save image as saved.");
    private final Flag withManagedSave = flag("--with-managed-save", "Only domains with a managed save image.");
    private final Flag withoutManagedSave = flag("--without-managed-save", "Only domains without one.");

    public ListCommand() {
        super("list", "List domains (running ones unless --all).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean all = this.all.get(), inactive = this.inactive.get(), running = this.running.get();
        boolean paused = this.paused.get(), shutoff = this.shutoff.get(), names = this.names.get();
        boolean uuids = this.uuids.get(), titles = this.titles.get();
        boolean stateFilter = running || paused || shutoff;
        boolean saveFilter = withManagedSave.get() || withoutManagedSave.get();
        java.util.Set<String> saved = new java.util.HashSet<>();
        List<DomainInfo> list = client.listDomains(all || inactive || stateFilter || saveFilter).stream()
                .filter(d -> !inactive || d.id() < 0)
                .filter(d -> !stateFilter
                        || (running && d.state() == DomainState.RUNNING)
                        || (paused && d.state() == DomainState.PAUSED)
                        || (shutoff && d.state() == DomainState.SHUTOFF))
                .toList();
        if (managedSave.get() || saveFilter) {
            for (DomainInfo d : list) {
                if (d.persistent() && d.id() < 0 && client.saves().hasManagedSave(d.name())) {
                    saved.add(d.name());
                }
            }
            if (saveFilter) {
                boolean with = withManagedSave.get();
                boolean without = withoutManagedSave.get();
                list = list.stream().filter(d -> with && saved.contains(d.name()) || without && !saved.contains(d.name()))
                        .toList();
            }
        }
        if (json()) {
            printJson(list);
            return 0;
        }
        StringBuilder sb = new StringBuilder(list.size() * 48 + 64);
        if (names || uuids) {
            for (DomainInfo d : list) {
                if (names && uuids) {
                    sb.append(d.uuid()).append(' ').append(d.name()).append('\n');
                } else {
                    sb.append(names ? d.name() : d.uuid()).append('\n');
                }
            }
        } else {
            Table t = titles ? new Table("Id", "Name", "State", "Title") : new Table("Id", "Name", "State");
            for (DomainInfo d : list) {
                String id = d.id() < 0 ? "-" : Integer.toString(d.id());
                String state = managedSave.get() && saved.contains(d.name()) ? "saved" : d.state().label();
                if (titles) {
                    t.row(id, d.name(), state, d.title() == null ? "" : d.title());
                } else {
                    t.row(id, d.name(), state);
                }
            }
            t.render(sb);
        }
        sb.append('\n');
        out().print(sb);
        out().flush();
        return 0;
    }
}
