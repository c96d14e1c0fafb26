package io.jvirt.cli.live;

import io.jvirt.api.ChangeScope;
import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;
import io.jvirt.conf.xml.XmlOut;

/**
 * {@code jvirt attach-interface DOMAIN TYPE SOURCE [options]}: writes the {@code <interface>}
 * virsh writes (network, bridge, user...) and attaches it.
 */
public final class AttachInterfaceCommand extends LiveVerb {
    private final Value<String> type = parameter("TYPE", "Interface type: network, bridge, user, ...");
    private final Value<String> source = parameter("SOURCE", "Source: the network or bridge name.");
    private final Value<String> target = option("--target", "DEV", "Host device name (tap) of the interface.");
    private final Value<String> mac = option("--mac", "MAC", "MAC address.");
    private final Value<String> script = option("--script", "PATH", "Script used to bridge the interface.");
    private final Value<String> model = option("--model", "MODEL", "Model type: virtio, e1000, rtl8139, ...");
    private final Value<String> alias = option("--alias", "ALIAS", "Custom alias (ua-...).");
    private final Value<String> inbound = option("--inbound", "AVG[,PEAK[,BURST[,FLOOR]]]",
            "Limit the guest's incoming traffic (kilobytes per second, kibibytes).");
    private final Value<String> outbound = option("--outbound", "AVG[,PEAK[,BURST]]",
            "Limit the guest's outgoing traffic (kilobytes per second, kibibytes).");
    private final Flag managed = flag("--managed", "Let jvirt detach the host device (hostdev interfaces).");
    private final Value<String> sourceMode = option("--source-mode", "MODE", "Mode of the <source>: server or client.");
    private final Flag printXml = flag("--print-xml", "Print the XML instead of attaching the interface.");

    public AttachInterfaceCommand() {
        super("attach-interface", "Attach a network interface.", true);
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        ChangeScope scope = scope();
        String xml = xml();
        if (printXml.get()) {
            out().print(xml);
            out().flush();
            return 0;
        }
        DomainInfo d = new LiveClient(client).attachDevice(domain.get(), xml, scope);
        return report(d, "Interface attached successfully");
    }

    private String xml() {
        String t = type.get();
        XmlOut x = XmlOut.element("interface").attr("type", t);
        if (managed.get()) {
            x.attr("managed", "yes");
        }
        XmlOut src = XmlOut.element("source");
        switch (t) {
            case "network" -> src.attr("network", source.get());
            case "bridge" -> src.attr("bridge", source.get());
            case "direct" -> src.attr("dev", source.get());
            case "user", "ethernet" -> src = null;
            case "vhostuser" -> src.attr("type", "unix").attr("path", source.get())
                    .attr("mode", sourceMode.get() == null ? "server" : sourceMode.get());
            default -> throw bad("No support for " + t + " in command 'attach-interface'");
        }
        x.child(src);
        if (target.get() != null) {
            x.child(XmlOut.element("target").attr("dev", target.get()));
        }
        if (mac.get() != null) {
            x.child(XmlOut.element("mac").attr("address", mac.get()));
        }
        if (script.get() != null) {
            x.child(XmlOut.element("script").attr("path", script.get()));
        }
        if (model.get() != null) {
            x.child(XmlOut.element("model").attr("type", model.get()));
        }
        if (alias.get() != null) {
            x.child(XmlOut.element("alias").attr("name", alias.get()));
        }
        if (inbound.get() != null || outbound.get() != null) {
            XmlOut bw = XmlOut.element("bandwidth");
            if (inbound.get() != null) {
                bw.child(Rates.element("inbound", inbound.get(), true));
            }
            if (outbound.get() != null) {
                bw.child(Rates.element("outbound", outbound.get(), false));
            }
            x.child(bw);
        }
        return x.render();
    }
}
