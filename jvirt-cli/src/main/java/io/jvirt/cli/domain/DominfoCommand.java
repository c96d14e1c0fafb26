package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.KeyValues;
import io.jvirt.client.JvirtClient;

/** {@code jvirt dominfo DOMAIN}: virsh's key/value listing, plus the accelerator actually used. */
public final class DominfoCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");

    public DominfoCommand() {
        super("dominfo", "Show basic information about a domain.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = client.info(domain.get());
        if (json()) {
            printJson(d);
            return 0;
        }
        KeyValues kv = new KeyValues()
                .add("Id", d.id() < 0 ? "-" : Integer.toString(d.id()))
                .add("Name", d.name())
                .add("UUID", d.uuid());
        if (d.title() != null) {
            kv.add("Title", d.title());
        }
        kv.add("OS Type", d.osType())
                .add("State", d.state().label())
                .add("CPU(s)", Integer.toString(d.vcpus()))
                .add("Max memory", d.maxMemoryKiB() + " KiB")
                .add("Used memory", d.memoryKiB() + " KiB")
                .add("Persistent", d.persistent() ? "yes" : "no")
                .add("Autostart", d.autostart() ? "enable" : "disable")
                .add("Managed save", d.persistent() && client.saves().hasManagedSave(d.name()) ? "yes" : "no")
                .add("Security model", "none")
                .add("Security DOI", "0");
        if (d.accel() != null) {
            kv.add("Accelerator", d.accel() + (d.accelNote() == null ? "" : " (" + d.accelNote() + ")"));
        }
        if (d.pid() > 0) {
            kv.add("QEMU pid", Long.toString(d.pid()));
        }
        for (int i = 0; i < d.tuning().size(); i++) {
            if (i == 0) {
                kv.add("Tuning", d.tuning().get(i));
            } else {
                kv.more(d.tuning().get(i));
            }
        }
        for (int i = 0; i < d.messages().size(); i++) {
            if (i == 0) {
                kv.add("Messages", d.messages().get(i));
            } else {
                kv.more(d.messages().get(i));
            }
        }
        print(kv);
        return 0;
    }
}
