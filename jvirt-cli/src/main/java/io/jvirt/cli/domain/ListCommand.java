package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.ParameterException;

/**
 * {@code jvirt list}: virsh's domain table and its filters. As in virsh, the filters of one
 * kind are alternatives ({@code --persistent --transient} lists both), kinds combine
 * ({@code --autostart --state-running}: running domains that autostart), and without
 * {@code --all} or {@code --inactive} only running domains are listed ({@code --state-shutoff}
 * alone lists shut-off ones).
 */
public final class ListCommand extends ClientVerb {
    private final Flag all = flag("--all", "Include inactive domains.");
    private final Flag inactive = flag("--inactive", "Only inactive domains.");
    private final Flag persistent = flag("--persistent", "Only persistent domains.");
    private final Flag transientOnly = flag("--transient", "Only transient domains.");
    private final Flag autostart = flag("--autostart", "Only domains that start with the daemon.");
    private final Flag noAutostart = flag("--no-autostart", "Only domains that do not start with the daemon.");
    private final Flag withSnapshot = flag("--with-snapshot", "Only domains with snapshots.");
    private final Flag withoutSnapshot = flag("--without-snapshot", "Only domains without snapshots.");
    private final Flag withCheckpoint = flag("--with-checkpoint",
            "Only domains with checkpoints (jvirt keeps none, so none is listed).");
    private final Flag withoutCheckpoint = flag("--without-checkpoint",
            "Only domains without checkpoints (every domain, in jvirt).");
    private final Flag running = flag("--state-running", "Only running domains.");
    private final Flag paused = flag("--state-paused", "Only paused domains.");
    private final Flag shutoff = flag("--state-shutoff", "Only shut off domains.");
    private final Flag other = flag("--state-other", "Only domains in another state (shutting down, crashed, ...).");
    private final Flag table = flag("--table", "Print a table (the default).");
    private final Flag names = flag("--name", "Print only names.");
    private final Flag uuids = flag("--uuid", "Print only UUIDs.");
    private final Flag ids = flag("--id", "Print only the ids of running domains.");
    private final Flag titles = flag("--title", "Show titles.");
    private final Flag managedSave = flag("--managed-save", "Show shut-off domains with a managed save image as saved.");
    private final Flag withManagedSave = flag("--with-managed-save", "Only domains with a managed save image.");
    private final Flag withoutManagedSave = flag("--without-managed-save", "Only domains without one.");

    public ListCommand() {
        super("list", "List domains (running ones unless --all).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean names = this.names.get(), uuids = this.uuids.get(), ids = this.ids.get();
        if (table.get() && (names || uuids || ids)) {
            throw new ParameterException(spec().commandLine(),
                    "--table and --name, --uuid or --id exclude each other; give one layout.");
        }
        boolean saveFilter = withManagedSave.get() || withoutManagedSave.get();
        // inactive domains too with --all, --inactive, a state or a managed-save filter (as virsh's
        // --state-shutoff; a managed save image is only ever an inactive domain's)
        boolean includeInactive = all.get() || inactive.get() || stateChosen() || saveFilter;
        List<DomainInfo> list = client.listDomains(includeInactive).stream()
                .filter(d -> !inactive.get() || d.id() < 0)
                .filter(d -> keeps(persistent.get(), transientOnly.get(), d.persistent()))
                .filter(d -> keeps(autostart.get(), noAutostart.get(), d.autostart()))
                .filter(d -> !withCheckpoint.get())
                .filter(d -> !stateChosen() || running.get() && d.state() == DomainState.RUNNING
                        || paused.get() && d.state() == DomainState.PAUSED
                        || shutoff.get() && d.state() == DomainState.SHUTOFF
                        || other.get() && !Set.of(DomainState.RUNNING, DomainState.PAUSED, DomainState.SHUTOFF)
                                .contains(d.state()))
                .toList();
        if (withSnapshot.get() != withoutSnapshot.get()) {
            boolean with = withSnapshot.get();
            list = list.stream().filter(d -> client.snapshots().list(d.name(), Set.of(), null).isEmpty() != with)
                    .toList();
        }
        Set<String> saved = new HashSet<>();
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
        if (names || uuids || ids) {
            for (DomainInfo d : list) {
                if (ids && !names && !uuids && d.id() < 0) {
                    continue; // --id alone: running domains only, as virsh
                }
                String line = String.join(" ", Stream.of(uuids ? d.uuid() : null,
                        ids ? (d.id() < 0 ? "-" : Integer.toString(d.id())) : null, names ? d.name() : null)
                        .filter(s -> s != null).toList());
                sb.append(line).append('\n');
            }
        } else {
            Table t = titles.get() ? new Table("Id", "Name", "State", "Title") : new Table("Id", "Name", "State");
            for (DomainInfo d : list) {
                String id = d.id() < 0 ? "-" : Integer.toString(d.id());
                String state = managedSave.get() && saved.contains(d.name()) ? "saved" : d.state().label();
                if (titles.get()) {
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

    private boolean stateChosen() {
        return running.get() || paused.get() || shutoff.get() || other.get();
    }
}
