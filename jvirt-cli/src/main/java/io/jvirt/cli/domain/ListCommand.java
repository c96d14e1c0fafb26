package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.cli.support.Table;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code jvirt list}: virsh's domain table. */
@Command(name = "list", description = "List domains (running ones unless --all).")
public final class ListCommand extends ClientCommand {
    @Option(names = "--all", description = "Include inactive domains.")
    boolean all;
    @Option(names = "--inactive", description = "Only inactive domains.")
    boolean inactive;
    @Option(names = "--state-running", description = "Only running domains.")
    boolean running;
    @Option(names = "--state-paused", description = "Only paused domains.")
    boolean paused;
    @Option(names = "--state-shutoff", description = "Only shut off domains.")
    boolean shutoff;
    @Option(names = "--name", description = "Print only names.")
    boolean names;
    @Option(names = "--uuid", description = "Print only UUIDs.")
    boolean uuids;
    @Option(names = "--title", description = "Show titles.")
    boolean titles;

    @Override
    protected int run(JvirtClient client) throws Exception {
        boolean stateFilter = running || paused || shutoff;
        List<DomainInfo> list = client.listDomains(all || inactive || stateFilter).stream()
                .filter(d -> !inactive || d.id() < 0)
                .filter(d -> !stateFilter
                        || (running && d.state() == DomainState.RUNNING)
                        || (paused && d.state() == DomainState.PAUSED)
                        || (shutoff && d.state() == DomainState.SHUTOFF))
                .toList();
        if (json) {
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
                if (titles) {
                    t.row(id, d.name(), d.state().label(), d.title() == null ? "" : d.title());
                } else {
                    t.row(id, d.name(), d.state().label());
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
