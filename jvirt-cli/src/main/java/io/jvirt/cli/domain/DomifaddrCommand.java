package io.jvirt.cli.domain;

import io.jvirt.api.DomainInterface;
import io.jvirt.api.GuestInterface;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.Table;
import io.jvirt.client.AgentClient;
import io.jvirt.client.JvirtClient;
import java.util.List;

/**
 * {@code jvirt domifaddr DOMAIN [--interface DEV] [--full] [--source lease|agent|arp]}: guest
 * addresses from the networks' DHCP leases, as the guest itself reports them through its QEMU
 * guest agent, or from the host's neighbour (ARP) table for the domain's MACs.
 */
public final class DomifaddrCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> iface = option("--interface", "DEV", "Only this interface (tap name or MAC; "
            + "with --source agent, the guest's name for it).");
    private final Flag full = flag("--full", "With --source agent or arp, repeat the interface's name and MAC on each "
            + "line.");
    private final Value<String> source = option("--source", "SOURCE", String.class,
            "Where addresses come from: lease (the DHCP leases, the default), agent (the QEMU guest agent) or "
                    + "arp (the host's neighbour table).",
            b -> b.defaultValue("lease"));

    public DomifaddrCommand() {
        super("domifaddr", "Show a running domain's IP addresses (from DHCP leases or the guest agent).");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        switch (source.get()) {
            case "lease" -> {
                return leases(client);
            }
            case "agent" -> {
                return print(new AgentClient(client).interfaces(domain.get()));
            }
            case "arp" -> {
                return print(client.arpAddresses(domain.get()));
            }
            default -> throw new IllegalArgumentException("Unknown data source '" + source.get() + "'; the sources "
                    + "are lease, agent and arp.");
        }
    }

    private int leases(JvirtClient client) throws Exception {
        String iface = this.iface.get();
        List<DomainInterface> ifs = client.interfaces(domain.get(), true).stream()
                .filter(i -> iface == null || iface.equals(i.device()) || iface.equalsIgnoreCase(i.mac())).toList();
        if (json()) {
            printJson(ifs);
            return 0;
        }
        Table t = new Table("Name", "MAC address", "Protocol", "Address");
        for (DomainInterface i : ifs) {
            for (String a : i.addresses()) {
                t.row(i.device() == null ? "-" : i.device(), i.mac(), a.contains(":") ? "ipv6" : "ipv4", a);
            }
        }
        print(t);
        return 0;
    }

    /** virsh's layout of the agent's or the neighbour table's answer (cmdDomIfAddr). */
    private int print(List<GuestInterface> all) throws Exception {
        String only = iface.get();
        List<GuestInterface> ifs = all.stream()
                .filter(i -> only == null || only.equals(i.name())).toList();
        if (json()) {
            printJson(ifs);
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(" %-10s %-20s %-8s     %s\n", "Name", "MAC address", "Protocol", "Address"));
        sb.append("-".repeat(79)).append('\n');
        for (GuestInterface i : ifs) {
            String mac = i.hwaddr() == null ? "" : i.hwaddr();
            if (i.addresses().isEmpty()) {
                sb.append(String.format(" %-10s %-17s    %-12s %s\n", i.name(), i.hwaddr() == null ? "N/A" : mac,
                        "N/A", "N/A"));
                continue;
            }
            for (int j = 0; j < i.addresses().size(); j++) {
                GuestInterface.Address a = i.addresses().get(j);
                String addr = String.format("%-12s %s/%d", a.type(), a.address(), a.prefix());
                boolean first = full.get() || j == 0;
                sb.append(String.format(" %-10s %-17s    %s\n", first ? i.name() : "-", first ? mac : "-", addr));
            }
        }
        out().print(sb);
        out().println();
        out().flush();
        return 0;
    }
}
