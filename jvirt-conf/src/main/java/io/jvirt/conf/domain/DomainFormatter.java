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
        d.child(XmlOut.element("memory").attr("unit", "KiB").text(Long.toString(def.memoryKiB())));
        d.child(XmlOut.element("currentMemory").attr("unit", "KiB").text(Long.toString(def.currentMemoryKiB())));
        TuningFormatter.blkioMemtuneBacking(d, def.tuning());
        TuningFormatter.vcpu(d, def.vcpu());
        TuningFormatter.iothreadsToResource(d, def.tuning());
        d.child(os(def.os()));
        d.child(features(def.features()));
        d.child(CpuFormatter.cpu(def.cpu()));
        d.child(clock(def.clock()));
        d.textChild("on_poweroff", def.onPoweroff() == null ? null : def.onPoweroff().xml());
        d.textChild("on_reboot", def.onReboot() == null ? null : def.onReboot().xml());
        d.textChild("on_crash", def.onCrash() == null ? null : def.onCrash().xml());
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

    private static XmlOut os(OsDef os) {
        XmlOut o = XmlOut.element("os");
        o.child(XmlOut.element("type").attr("arch", os.arch()).attr("machine", os.machine()).text("hvm"));
        if (os.loader() != null) {
            OsDef.Loader l = os.loader();
            o.child(XmlOut.element("loader").yesNo("readonly", l.readonly()).yesNo("secure", l.secure())
                    .attr("type", l.type()).text(l.path()));
        }
        if (os.nvram() != null) {
            o.child(XmlOut.element("nvram").attr("template", os.nvram().template()).text(os.nvram().path()));
        }
        o.textChild("kernel", os.kernel());
        o.textChild("initrd", os.initrd());
        o.textChild("cmdline", os.cmdline());
        for (OsDef.BootDevice b : os.boot()) {
            o.child(XmlOut.element("boot").attr("dev", b));
        }
        if (os.bootMenu() != null) {
            o.child(XmlOut.element("bootmenu").yesNo("enable", os.bootMenu().enable())
                    .attr("timeout", os.bootMenu().timeoutMs()));
        }
        return o;
    }

    private static XmlOut features(Features f) {
        if (f.isEmpty()) {
            return null;
        }
        XmlOut x = XmlOut.element("features");
        if (f.acpi()) {
            x.child(XmlOut.element("acpi"));
        }
        if (f.apic()) {
            x.child(XmlOut.element("apic"));
        }
        if (f.pae()) {
            x.child(XmlOut.element("pae"));
        }
        if (f.vmport() != null) {
            x.child(XmlOut.element("vmport").onOff("state", f.vmport()));
        }
        if (f.smm() != null) {
            x.child(XmlOut.element("smm").onOff("state", f.smm()));
        }
        return x;
    }


    private static XmlOut clock(ClockDef clock) {
        if (clock == null) {
            return null;
        }
        XmlOut c = XmlOut.element("clock").attr("offset", clock.offset());
        for (ClockDef.Timer t : clock.timers()) {
            c.child(XmlOut.element("timer").attr("name", t.name()).yesNo("present", t.present())
                    .attr("tickpolicy", t.tickPolicy()));
        }
        return c;
    }
}
