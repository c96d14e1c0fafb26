package io.jvirt.daemon.host.caps;

import java.util.List;
import java.util.Map;

import static io.jvirt.daemon.host.caps.XmlLines.attr;

/** Renders libvirt's domain capabilities document ({@code virsh domcapabilities}). Pure; golden-file tested. */
public final class DomainCapsXml {
    private DomainCapsXml() {
    }

    /** The document. */
    public static String render(DomainCaps c) {
        XmlLines x = new XmlLines();
        x.line(0, "<domainCapabilities>");
        x.element(1, "path", c.path());
        x.element(1, "domain", c.domainType());
        x.element(1, "machine", c.machine());
        x.element(1, "arch", c.arch());
        x.line(1, "<vcpu " + attr("max", c.vcpuMax()) + "/>");
        x.line(1, "<iothreads " + supported(c.iothreads()) + "/>");
        os(x, c);
        cpu(x, c.cpu());
        x.line(1, "<memoryBacking " + supported(!c.memorySources().isEmpty()) + ">");
        enumeration(x, 2, "sourceType", c.memorySources());
        x.line(1, "</memoryBacking>");
        x.line(1, "<devices>");
        for (Map.Entry<String, Map<String, List<String>>> d : c.devices().entrySet()) {
            x.line(2, "<" + d.getKey() + " supported='yes'>");
            for (Map.Entry<String, List<String>> e : d.getValue().entrySet()) {
                enumeration(x, 3, e.getKey(), e.getValue());
            }
            x.line(2, "</" + d.getKey() + ">");
        }
        x.line(1, "</devices>");
        x.line(1, "<features>");
        for (Map.Entry<String, Boolean> f : c.features().entrySet()) {
            x.line(2, "<" + f.getKey() + " " + supported(f.getValue()) + "/>");
        }
        if (c.hypervFeatures().isEmpty()) {
            x.line(2, "<hyperv supported='no'/>");
        } else {
            x.line(2, "<hyperv supported='yes'>");
            enumeration(x, 3, "features", c.hypervFeatures());
            x.line(2, "</hyperv>");
        }
        x.line(1, "</features>");
        x.line(0, "</domainCapabilities>");
        return x.toString();
    }

    private static void os(XmlLines x, DomainCaps c) {
        x.line(1, "<os supported='yes'>");
        enumeration(x, 2, "firmware", c.loaders().isEmpty() ? List.of() : List.of("efi"));
        x.line(2, "<loader supported='yes'>");
        for (String l : c.loaders()) {
            x.element(3, "value", l);
        }
        enumeration(x, 3, "type", List.of("rom", "pflash"));
        enumeration(x, 3, "readonly", List.of("yes", "no"));
        enumeration(x, 3, "secure", c.secureBoot());
        x.line(2, "</loader>");
        x.line(1, "</os>");
    }

    private static void cpu(XmlLines x, DomainCaps.Cpu cpu) {
        x.line(1, "<cpu>");
        if (cpu.hostPassthrough()) {
            x.line(2, "<mode name='host-passthrough' supported='yes'>");
            enumeration(x, 3, "hostPassthroughMigratable", List.of("on", "off"));
            x.line(2, "</mode>");
        } else {
            x.line(2, "<mode name='host-passthrough' supported='no'/>");
        }
        if (cpu.maximum()) {
            x.line(2, "<mode name='maximum' supported='yes'>");
            enumeration(x, 3, "maximumMigratable", List.of("on", "off"));
            x.line(2, "</mode>");
        } else {
            x.line(2, "<mode name='maximum' supported='no'/>");
        }
        DomainCaps.HostModel h = cpu.hostModel();
        x.line(2, "<mode name='host-model' supported='yes'>");
        x.line(3, "<model fallback='forbid'>" + XmlLines.esc(h.model()) + "</model>");
        x.element(3, "vendor", h.vendor());
        for (String f : h.require()) {
            x.line(3, "<feature policy='require' " + attr("name", f) + "/>");
        }
        for (String f : h.disable()) {
            x.line(3, "<feature policy='disable' " + attr("name", f) + "/>");
        }
        x.line(2, "</mode>");
        x.line(2, "<mode name='custom' supported='yes'>");
        for (DomainCaps.Model m : cpu.models()) {
            x.line(3, "<model " + attr("usable", m.usable() ? "yes" : "no")
                    + (m.deprecated() ? " deprecated='yes'" : "") + " " + attr("vendor", m.vendor()) + ">"
                    + XmlLines.esc(m.name()) + "</model>");
        }
        x.line(2, "</mode>");
        x.line(1, "</cpu>");
    }

    /** {@code <enum name='N'>} with its values, or an empty element for none. */
    private static void enumeration(XmlLines x, int depth, String name, List<String> values) {
        if (values.isEmpty()) {
            x.line(depth, "<enum " + attr("name", name) + "/>");
            return;
        }
        x.line(depth, "<enum " + attr("name", name) + ">");
        for (String v : values) {
            x.element(depth + 1, "value", v);
        }
        x.line(depth, "</enum>");
    }

    private static String supported(boolean yes) {
        return "supported='" + (yes ? "yes" : "no") + "'";
    }
}
