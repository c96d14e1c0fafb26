package io.jvirt.cli.inspect;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.HostCapsClient;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt domcapabilities [--virttype T] [--emulatorbin PATH] [--arch A] [--machine M]}:
 * what a domain of that kind can use here (firmware, CPU modes and models, device models,
 * features), as libvirt's domain capabilities XML, asked of QEMU itself.
 */
public final class DomcapabilitiesCommand extends ClientVerb {
    private final Value<String> virttype = option("--virttype", "TYPE",
            "qemu or kvm (default: kvm where KVM works, else qemu).");
    private final Value<String> emulatorbin = option("--emulatorbin", "PATH",
            "The QEMU binary (default: the daemon's).");
    private final Value<String> arch = option("--arch", "ARCH", "The guest architecture (default: the emulator's).");
    private final Value<String> machine = option("--machine", "MACHINE",
            "The machine type (default: QEMU's default machine type).");

    public DomcapabilitiesCommand() {
        super("domcapabilities", "Show what domains of a type, emulator and machine can use (libvirt's domain "
                + "capabilities XML).");
    }

    @Override
    protected int run(JvirtClient client) {
        String doc = new HostCapsClient(client).domainCapabilities(emulatorbin.get(), arch.get(), machine.get(),
                virttype.get(), json());
        out().print(doc.endsWith("\n") ? doc + "\n\n" : doc + "\n\n\n");
        out().flush();
        return 0;
    }
}
