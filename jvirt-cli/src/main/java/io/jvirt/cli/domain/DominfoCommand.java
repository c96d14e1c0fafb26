package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientCommand;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvirt dominfo DOMAIN}: virsh's key/value listing, plus the accelerator actually used. */
@Command(name = "dominfo", description = "Show basic information about a domain.")
public final class DominfoCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;

    @Override
    protected int run(JvirtClient client) throws Exception {
        DomainInfo d = client.info(domain);
        if (json) {
            printJson(d);
            return 0;
        }
        StringBuilder sb = new StringBuilder(512);
        kv(sb, "Id", d.id() < 0 ? "-" : Integer.toString(d.id()));
        kv(sb, "Name", d.name());
        kv(sb, "UUID", d.uuid());
        if (d.title() != null) {
            kv(sb, "Title", d.title());
        }
        kv(sb, "OS Type", d.osType());
        kv(sb, "State", d.state().label());
        kv(sb, "CPU(s)", Integer.toString(d.vcpus()));
        kv(sb, "Max memory", d.maxMemoryKiB() + " KiB");
        kv(sb, "Used memory", d.memoryKiB() + " KiB");
        kv(sb, "Persistent", d.persistent() ? "yes" : "no");
        kv(sb, "Autostart", d.autostart() ? "enable" : "disable");
        kv(sb, "Managed save", "no");
        kv(sb, "Security model", "none");
        kv(sb, "Security DOI", "0");
        if (d.accel() != null) {
            kv(sb, "Accelerator", d.accel() + (d.accelNote() == null ? "" : " (" + d.accelNote() + ")"));
        }
        if (d.pid() > 0) {
            kv(sb, "QEMU pid", Long.toString(d.pid()));
        }
        sb.append('\n');
        out().print(sb);
        out().flush();
        return 0;
    }

    private static void kv(StringBuilder sb, String k, String v) {
        sb.append(k).append(':').append(" ".repeat(Math.max(1, 16 - k.length() - 1))).append(v).append('\n');
    }
}
