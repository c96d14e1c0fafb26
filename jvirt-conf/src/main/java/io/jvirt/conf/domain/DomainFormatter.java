package io.jvirt.conf.domain;

import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.xml.XmlOut;

/** Writes a {@link DomainDef} as libvirt domain XML, in libvirt's element order. */
final class DomainFormatter {

    private DomainFormatter() {
    }

    static String format(DomainDef def, Secrets secrets) {
        XmlOut d = XmlOut.element("domain").attr("type", def.type())
                .attr("xmlns:qemu", QemuNamespaceXml.declaration(def.qemu()));
        d.textChild("name", def.name());
        d.textChild("uuid", def.uuid());
        d.textChild("genid", def.genid());
        d.textChild("title", def.title());
        d.textChild("description", def.description());
        d.child(CommonXml.metadata(def.metadata()));
        d.child(TuningFormatter.maxMemory(def.maxMemory()));
        d.child(XmlOut.element("memory").attr("unit", "KiB").onOff("dumpCore", def.dumpCore())
                .text(Long.toString(def.memoryKiB())));
        d.child(XmlOut.element("currentMemory").attr("unit", "KiB").text(Long.toString(def.currentMemoryKiB())));
        TuningFormatter.blkioMemtuneBacking(d, def.tuning());
        TuningFormatter.vcpu(d, def.vcpu());
        TuningFormatter.iothreadsToResource(d, def.tuning());
        def.sysinfo().forEach(s -> d.child(OsFormatter.sysinfo(s)));
        d.child(OsFormatter.os(def.os()));
        d.child(SecurityXml.idmap(def.idmap()));
        d.child(FeaturesFormatter.features(def.features()));
        d.child(CpuFormatter.cpu(def.cpu()));
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
        d.child(TuningFormatter.perf(def.tuning().perf()));
        d.child(DeviceFormatter.devices(def.devices(), secrets));
        SecurityXml.format(def.security()).forEach(d::child);
        QemuNamespaceXml.format(def.qemu()).forEach(d::child);
        return d.render();
    }
}
