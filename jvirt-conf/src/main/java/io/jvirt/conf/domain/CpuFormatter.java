package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlOut;

/** Writes {@code <cpu>} with its {@code <numa>} as libvirt formats them. */
final class CpuFormatter {

    private CpuFormatter() {
    }

    static XmlOut cpu(CpuDef cpu) {
        if (cpu == null) {
            return null;
        }
        XmlOut c = XmlOut.element("cpu").attr("mode", cpu.mode()).attr("match", cpu.match())
                .attr("check", cpu.check()).onOff("migratable", cpu.migratable());
        if (cpu.model() != null) {
            c.child(XmlOut.element("model").attr("fallback", cpu.model().fallback())
                    .attr("vendor_id", cpu.model().vendorId()).text(cpu.model().name()));
        }
        c.textChild("vendor", cpu.vendor());
        if (cpu.topology() != null) {
            CpuDef.Topology t = cpu.topology();
            c.child(XmlOut.element("topology").attr("sockets", t.sockets()).attr("dies", t.dies())
                    .attr("cores", t.cores()).attr("threads", t.threads()));
        }
        if (cpu.cache() != null) {
            c.child(XmlOut.element("cache").attr("level", cpu.cache().level()).attr("mode", cpu.cache().mode()));
        }
        if (cpu.maxPhysAddr() != null) {
            c.child(XmlOut.element("maxphysaddr").attr("mode", cpu.maxPhysAddr().mode())
                    .attr("bits", cpu.maxPhysAddr().bits()));
        }
        for (CpuDef.Feature f : cpu.features()) {
            c.child(XmlOut.element("feature").attr("policy", f.policy()).attr("name", f.name()));
        }
        c.child(numa(cpu.numa()));
        return c;
    }

    private static XmlOut numa(NumaDef numa) {
        if (numa == null) {
            return null;
        }
        XmlOut n = XmlOut.element("numa");
        for (NumaDef.Cell cell : numa.cells()) {
            XmlOut c = XmlOut.element("cell").attr("id", cell.id()).attr("cpus", cell.cpus())
                    .attr("memory", cell.memoryKiB()).attr("unit", "KiB").attr("memAccess", cell.memAccess())
                    .yesNo("discard", cell.discard());
            if (!cell.siblings().isEmpty()) {
                XmlOut d = XmlOut.element("distances");
                for (NumaDef.Sibling s : cell.siblings()) {
                    d.child(XmlOut.element("sibling").attr("id", s.id()).attr("value", s.value()));
                }
                c.child(d);
            }
            for (NumaDef.CellCache k : cell.caches()) {
                XmlOut e = XmlOut.element("cache").attr("level", k.level()).attr("associativity", k.associativity())
                        .attr("policy", k.policy());
                e.child(XmlOut.element("size").attr("value", k.sizeKiB()).attr("unit", "KiB"));
                if (k.lineBytes() > 0) {
                    e.child(XmlOut.element("line").attr("value", k.lineBytes()).attr("unit", "B"));
                }
                c.child(e);
            }
            n.child(c);
        }
        if (!numa.interconnects().isEmpty()) {
            XmlOut ic = XmlOut.element("interconnects");
            for (NumaDef.Interconnect l : numa.interconnects()) {
                XmlOut e = XmlOut.element(l.kind().xml()).attr("initiator", l.initiator()).attr("target", l.target())
                        .attr("cache", l.cache()).attr("type", l.type()).attr("value", l.value());
                if (l.kind() == NumaDef.InterconnectKind.BANDWIDTH) {
                    e.attr("unit", "KiB");
                }
                ic.child(e);
            }
            n.child(ic);
        }
        return n;
    }
}
