package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

/**
 * Renders a {@link GuestSpec} as the domain document of one boot: the install boot (install
 * media, the install kernel, {@code on_reboot=destroy} so that the guest's reboot ends the
 * install) or the installed guest's boots.
 */
final class GuestRender {
    private static final String OSINFO_NS = "http://libosinfo.org/xmlns/libvirt/domain/1.0";

    private GuestRender() {
    }

    /**
     * Renders one boot's document.
     *
     * @param g the guest
     * @param install true for the install boot
     * @return the {@code <domain>} element
     */
    static XmlOut render(GuestSpec g, boolean install) {
        XmlOut d = XmlOut.element("domain").attr("type", g.type);
        d.textChild("name", g.name);
        d.textChild("uuid", g.uuid);
        if (g.genid) {
            d.child(XmlOut.element("genid"));
        }
        d.textChild("title", g.title);
        d.textChild("description", g.description);
        if (g.os.id() != null) {
            d.child(XmlOut.element("metadata").child(XmlOut.element("libosinfo:libosinfo")
                    .attr("xmlns:libosinfo", OSINFO_NS)
                    .child(XmlOut.element("libosinfo:os").attr("id", g.os.id()))));
        }
        d.child(g.maxMemory);
        d.textChild("memory", g.memoryKiB);
        d.textChild("currentMemory", g.currentMemoryKiB);
        d.child(g.memoryBacking);
        d.child(XmlOut.element("vcpu").attr("placement", g.placement).attr("cpuset", g.cpuset)
                .attr("current", g.vcpusCurrent).text(Integer.toString(g.vcpus)));
        boolean nocloud = install && g.nocloudSerial && g.sysinfo.acceptsNocloudSerial(g.smbiosMode);
        g.tuning.forEach(d::child);
        d.child(g.resource);
        g.sysinfo.render(nocloud).forEach(d::child);
        d.child(os(g, install, nocloud));
        d.child(features(g));
        XmlOut cpu = g.cpu;
        if (g.topology != null) {
            cpu = cpu == null ? XmlOut.element("cpu") : cpu;
            cpu.child(g.topology);
        }
        d.child(cpu);
        XmlOut clock = XmlOut.element("clock").attr("offset", g.clockOffset);
        g.timers.forEach(clock::child);
        d.child(clock);
        g.events.forEach((k, v) -> {
            if (!(install && k.equals("on_reboot"))) {
                d.textChild(k, v);
            }
        });
        if (install) {
            d.textChild("on_reboot", "destroy");
        }
        d.child(XmlOut.element("pm")
                .child(XmlOut.element("suspend-to-mem").yesNo("enabled", g.suspendToMem))
                .child(XmlOut.element("suspend-to-disk").yesNo("enabled", g.suspendToDisk)));
        XmlOut devices = XmlOut.element("devices");
        devices.textChild("emulator", g.emulator);
        for (GuestSpec.Device dev : g.devices) {
            devices.child(install ? dev.installXml() : dev.xml());
        }
        d.child(devices);
        g.seclabels.forEach(d::child);
        d.child(g.launchSecurity);
        d.child(g.qemuCommandline);
        return d;
    }

    private static XmlOut os(GuestSpec g, boolean install, boolean nocloud) {
        XmlOut os = XmlOut.element("os").attr("firmware", g.firmware);
        os.child(XmlOut.element("type").attr("arch", g.arch).attr("machine", g.machine).text("hvm"));
        g.osExtras.forEach(os::child);
        boolean installKernel = install && g.installKernel != null;
        String kernel = installKernel ? g.installKernel : g.kernel;
        String initrd = installKernel ? g.installInitrd : g.initrd;
        String cmdline = installKernel ? g.installCmdline : g.cmdline;
        os.textChild("kernel", kernel);
        os.textChild("initrd", initrd);
        os.textChild("cmdline", cmdline);
        if (kernel == null && !g.bootOrderOnDevices) {
            var devs = install && !g.installBootDevices.isEmpty() ? g.installBootDevices : g.bootDevices;
            for (String b : devs) {
                os.child(XmlOut.element("boot").attr("dev", b));
            }
        }
        String smbios = nocloud ? "sysinfo" : g.smbiosMode;
        if (smbios != null) {
            os.child(XmlOut.element("smbios").attr("mode", smbios));
        }
        return os;
    }

    private static XmlOut features(GuestSpec g) {
        XmlOut f = XmlOut.element("features");
        g.features.forEach((name, xml) -> f.child(xml));
        if (!g.hyperv.isEmpty()) {
            XmlOut hv = XmlOut.element("hyperv");
            g.hyperv.values().forEach(hv::child);
            f.child(hv);
        }
        return f.isEmpty() ? null : f;
    }
}
