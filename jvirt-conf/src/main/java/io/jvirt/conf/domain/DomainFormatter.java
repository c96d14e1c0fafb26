package io.jvirt.conf.domain;

import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.xml.XmlOut;

/** Writes a {@link DomainDef} as libvirt domain XML, in libvirt's element order. */
final class DomainFormatter {

    private DomainFormatter() {
    }

    static String format(DomainDef def, Secrets secrets) {
        XmlOut d = XmlOut.element("domain").attr("type", def.type());
        d.textChild("name", def.name());
        d.textChild("uuid", def.uuid());
        d.textChild("title", def.title());
        d.textChild("description", def.description());
        d.child(CommonXml.metadata(def.metadata()));
        d.child(XmlOut.element("memory").attr("unit", "KiB").text(Long.toString(def.memoryKiB())));
        d.child(XmlOut.element("currentMemory").attr("unit", "KiB").text(Long.toString(def.currentMemoryKiB())));
        VcpuDef v = def.vcpu();
        d.child(XmlOut.element("vcpu").attr("placement", v.placement()).attr("current", v.current())
                .text(Integer.toString(v.max())));
        def.sysinfo().forEach(s -> d.child(OsFormatter.sysinfo(s)));
        d.child(OsFormatter.os(def.os()));
        d.child(FeaturesFormatter.features(def.features()));
        d.child(cpu(def.cpu()));
        d.child(ClockFormatter.clock(def.clock()));
        d.textChild("on_poweroff", def.onPoweroff().xml());
        d.textChild("on_reboot", def.onReboot().xml());
        d.textChild("on_crash", def.onCrash().xml());
        d.textChild("on_lockfailure", def.onLockFailure() == null ? null : def.onLockFailure().xml());
        if (def.pm() != null) {
            XmlOut pm = XmlOut.element("pm");
            if (def.pm().suspendToMem() != null) {
                pm.child(XmlOut.element("suspend-to-mem").yesNo("enabled", def.pm().suspendToMem()));
            }
            if (def.pm().suspendToDisk() != null) {
                pm.child(XmlOut.element("suspend-to-disk").yesNo("enabled", def.pm().suspendToDisk()));
            }
            d.child(pm);
        }
        d.child(DeviceFormatter.devices(def.devices(), secrets));
        return d.render();
    }

    private static XmlOut cpu(CpuDef cpu) {
        if (cpu == null) {
            return null;
        }
        XmlOut c = XmlOut.element("cpu").attr("mode", cpu.mode()).attr("match", cpu.match())
                .attr("check", cpu.check()).onOff("migratable", cpu.migratable());
        if (cpu.model() != null) {
            c.child(XmlOut.element("model").attr("fallback", cpu.model().fallback()).text(cpu.model().name()));
        }
        if (cpu.topology() != null) {
            CpuDef.Topology t = cpu.topology();
            c.child(XmlOut.element("topology").attr("sockets", t.sockets()).attr("dies", t.dies())
                    .attr("cores", t.cores()).attr("threads", t.threads()));
        }
        for (CpuDef.Feature f : cpu.features()) {
            c.child(XmlOut.element("feature").attr("policy", f.policy()).attr("name", f.name()));
        }
        return c;
    }
}
