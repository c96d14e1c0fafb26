package io.jvirt.daemon.host.caps;

import java.util.List;

import static io.jvirt.daemon.host.caps.XmlLines.attr;

/**
 * Renders libvirt's capabilities document ({@code virsh capabilities}, formatcaps.html) in the
 * element order and layout libvirt 9.0 writes, so that virt-install and virt-manager read it.
 * Pure; golden-file tested.
 */
public final class CapabilitiesXml {
    private CapabilitiesXml() {
    }

    /** The document for {@code host} and its {@code guests}. */
    public static String render(HostCaps host, List<GuestCaps> guests) {
        XmlLines x = new XmlLines();
        x.line(0, "<capabilities>").blank();
        host(x, host);
        for (GuestCaps g : guests) {
            x.blank();
            guest(x, g);
        }
        x.blank().line(0, "</capabilities>");
        return x.toString();
    }

    private static void host(XmlLines x, HostCaps h) {
        x.line(1, "<host>");
        x.element(2, "uuid", h.uuid());
        HostCaps.Cpu c = h.cpu();
        x.line(2, "<cpu>");
        x.element(3, "arch", c.arch());
        x.element(3, "model", c.model());
        x.element(3, "vendor", c.vendor());
        if (c.microcode() >= 0) {
            x.line(3, "<microcode " + attr("version", c.microcode()) + "/>");
        }
        x.line(3, "<signature " + attr("family", c.family()) + " " + attr("model", c.modelNumber()) + " "
                + attr("stepping", c.stepping()) + "/>");
        HostCaps.Topology t = c.topology();
        x.line(3, "<topology " + attr("sockets", t.sockets()) + " " + attr("dies", t.dies()) + " "
                + attr("cores", t.cores()) + " " + attr("threads", t.threads()) + "/>");
        if (c.physBits() > 0) {
            x.line(3, "<maxphysaddr mode='emulate' " + attr("bits", c.physBits()) + "/>");
        }
        for (String f : c.features()) {
            x.line(3, "<feature " + attr("name", f) + "/>");
        }
        for (long p : c.pageSizesKiB()) {
            x.line(3, "<pages unit='KiB' " + attr("size", p) + "/>");
        }
        x.line(2, "</cpu>");
        if (h.power().isEmpty()) {
            x.line(2, "<power_management/>");
        } else {
            x.line(2, "<power_management>");
            for (String p : h.power()) {
                x.line(3, "<" + p + "/>");
            }
            x.line(2, "</power_management>");
        }
        x.line(2, "<iommu " + attr("support", h.iommu() ? "yes" : "no") + "/>");
        // jvirt cannot migrate domains: no <live/> and no URI transports
        x.line(2, "<migration_features/>");
        x.line(2, "<topology>");
        x.line(3, "<cells " + attr("num", h.cells().size()) + ">");
        for (HostCaps.Cell cell : h.cells()) {
            cell(x, cell);
        }
        x.line(3, "</cells>");
        x.line(2, "</topology>");
        if (!h.caches().isEmpty()) {
            x.line(2, "<cache>");
            for (HostCaps.CacheBank b : h.caches()) {
                x.line(3, "<bank " + attr("id", b.id()) + " " + attr("level", b.level()) + " " + attr("type", b.type())
                        + " " + attr("size", b.size()) + " " + attr("unit", b.unit()) + " " + attr("cpus", b.cpus())
                        + "/>");
            }
            x.line(2, "</cache>");
        }
        x.line(2, "<secmodel>");
        x.element(3, "model", "none");
        x.element(3, "doi", "0");
        x.line(2, "</secmodel>");
        x.line(1, "</host>");
    }

    private static void cell(XmlLines x, HostCaps.Cell cell) {
        x.line(4, "<cell " + attr("id", cell.id()) + ">");
        x.line(5, "<memory unit='KiB'>" + cell.memoryKiB() + "</memory>");
        for (HostCaps.Pages p : cell.pages()) {
            x.line(5, "<pages unit='KiB' " + attr("size", p.sizeKiB()) + ">" + p.count() + "</pages>");
        }
        x.line(5, "<distances>");
        for (HostCaps.Distance d : cell.distances()) {
            x.line(6, "<sibling " + attr("id", d.id()) + " " + attr("value", d.value()) + "/>");
        }
        x.line(5, "</distances>");
        x.line(5, "<cpus " + attr("num", cell.cpus().size()) + ">");
        for (HostCaps.CellCpu c : cell.cpus()) {
            x.line(6, "<cpu " + attr("id", c.id()) + " " + attr("socket_id", c.socket()) + " " + attr("die_id", c.die())
                    + " " + attr("core_id", c.core()) + " " + attr("siblings", c.siblings()) + "/>");
        }
        x.line(5, "</cpus>");
        x.line(4, "</cell>");
    }

    private static void guest(XmlLines x, GuestCaps g) {
        x.line(1, "<guest>");
        x.element(2, "os_type", "hvm");
        x.line(2, "<arch " + attr("name", g.arch()) + ">");
        x.element(3, "wordsize", g.wordSize());
        x.element(3, "emulator", g.emulator());
        for (var m : g.machines()) {
            String deprecated = m.deprecated() ? " deprecated='yes'" : "";
            x.line(3, "<machine " + attr("maxCpus", m.maxCpus()) + deprecated + ">" + XmlLines.esc(m.name())
                    + "</machine>");
            if (m.alias() != null) {
                x.line(3, "<machine " + attr("canonical", m.name()) + " " + attr("maxCpus", m.maxCpus()) + deprecated
                        + ">" + XmlLines.esc(m.alias()) + "</machine>");
            }
        }
        if (g.note() != null) {
            x.line(3, "<!-- " + g.note().replace("--", "- -") + " -->");
        }
        for (String type : g.domainTypes()) {
            x.line(3, "<domain " + attr("type", type) + "/>");
        }
        x.line(2, "</arch>");
        x.line(2, "<features>");
        if (g.wordSize() == 32) {
            x.line(3, "<pae/>");
            x.line(3, "<nonpae/>");
        }
        x.line(3, "<acpi default='on' toggle='yes'/>");
        x.line(3, "<apic default='on' toggle='no'/>");
        x.line(3, "<cpuselection/>");
        x.line(3, "<deviceboot/>");
        x.line(3, "<disksnapshot default='on' toggle='no'/>");
        x.line(2, "</features>");
        x.line(1, "</guest>");
    }
}
