package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.List;
import java.util.Set;

/**
 * Reads virt-install's less common device and domain options into a {@link GuestSpec}:
 * {@code --panic}, {@code --vsock}, {@code --iommu}, {@code --smartcard}, {@code --redirdev},
 * {@code --shmem}, {@code --audio}, {@code --pm}, {@code --resource}, {@code --seclabel} and
 * {@code --launchSecurity}
 * ({@code --parallel} is a character device, read by {@link DeviceOptions}), with
 * virt-install's first plain value and defaults.
 */
final class ExtraDeviceOptions {
    private final GuestSpec g;
    private final Problems p;

    ExtraDeviceOptions(GuestSpec g, Problems p) {
        this.g = g;
        this.p = p;
    }

    /** {@code --panic isa|hyperv|pvpanic|...,iobase=} or the old {@code --panic 0xIOBASE}; isa by default on x86. */
    void panic(String text) {
        SubOptions o = SubOptions.parse("--panic", text);
        String model = o.get("model");
        String bare = o.bare();
        String iobase = o.get("iobase", "address.iobase");
        if (bare != null && bare.startsWith("0x") && model == null && iobase == null) {
            iobase = bare;
            bare = null;
        }
        model = model != null ? model : bare != null ? bare : "isa";
        if (!Set.of("isa", "hyperv", "pseries", "s390", "pvpanic").contains(model)) {
            p.bad("--panic model '" + model + "' is not known; use isa (the default) or hyperv.");
        }
        String addressType = o.get("address.type");
        XmlOut x = XmlOut.element("panic").attr("model", model);
        if (iobase != null || addressType != null) {
            x.child(XmlOut.element("address").attr("type", addressType != null ? addressType : "isa")
                    .attr("iobase", iobase));
        }
        o.reportUnused(p);
        g.add("panic", x);
    }

    /** {@code --vsock cid.auto=yes|no,cid.address=N}: a virtio vsock device, its CID chosen by the host by default. */
    void vsock(String text) {
        SubOptions o = SubOptions.parse("--vsock", text);
        String model = o.get("model");
        String bare = o.bare();
        model = model != null ? model : bare != null ? bare : "virtio";
        Boolean auto = o.bool(p, "cid.auto", "auto_cid");
        Long cid = o.number(p, 3, 0xffffffffL, "cid.address", "cid");
        if (auto == null && cid == null) {
            auto = true;
        }
        o.reportUnused(p);
        g.add("vsock", XmlOut.element("vsock").attr("model", model)
                .child(XmlOut.element("cid").yesNo("auto", auto).attr("address", cid)));
    }

    /**
     * {@code --iommu intel|virtio|smmuv3,driver.intremap=,driver.caching_mode=,driver.eim=,driver.iotlb=,
     * driver.aw_bits=}.
     */
    void iommu(String text) {
        SubOptions o = SubOptions.parse("--iommu", text);
        String model = o.get("model");
        String bare = o.bare();
        model = model != null ? model : bare;
        if (model == null || !Set.of("intel", "virtio", "smmuv3").contains(model)) {
            p.bad("--iommu needs a model jvirt knows: intel or virtio.");
        }
        XmlOut driver = XmlOut.element("driver").onOff("intremap", o.bool(p, "driver.intremap"))
                .onOff("caching_mode", o.bool(p, "driver.caching_mode")).onOff("eim", o.bool(p, "driver.eim"))
                .onOff("iotlb", o.bool(p, "driver.iotlb")).attr("aw_bits", o.number(p, 1, 64, "driver.aw_bits"));
        o.reportUnused(p);
        g.add("iommu", XmlOut.element("iommu").attr("model", model).child(driver.isEmpty() ? null : driver));
    }

    /** {@code --smartcard passthrough|host|host-certificates,type=spicevmc|tcp|...}, as virt-install defaults them. */
    void smartcard(String text) {
        SubOptions o = SubOptions.parse("--smartcard", text);
        String mode = o.get("mode");
        String bare = o.bare();
        mode = mode != null ? mode : bare != null ? bare : "passthrough";
        if ("none".equals(mode)) {
            o.reportUnused(p);
            return;
        }
        if (!Set.of("passthrough", "host", "host-certificates").contains(mode)) {
            p.bad("--smartcard mode '" + mode + "' is not known; use passthrough, host or host-certificates.");
        }
        String type = o.get("type");
        XmlOut x = XmlOut.element("smartcard").attr("mode", mode)
                .attr("type", type != null ? type : mode.equals("passthrough") ? "spicevmc" : "tcp");
        CharSource.read(o, p, x, null);
        for (int i = 0; i < 3; i++) {
            String cert = o.get("certificate" + i);
            x.child(cert == null ? null : XmlOut.element("certificate").text(cert));
        }
        String db = o.get("database");
        x.child(db == null ? null : XmlOut.element("database").text(db));
        o.reportUnused(p);
        g.add("smartcard", x);
    }

    /** {@code --redirdev usb,type=spicevmc|tcp,server=HOST:PORT|none}. */
    void redirdev(String text) {
        SubOptions o = SubOptions.parse("--redirdev", text);
        String bus = o.get("bus");
        String bare = o.bare();
        if ("none".equals(bare)) {
            g.noRedirdev = true;
            o.reportUnused(p);
            return;
        }
        bus = bus != null ? bus : bare != null ? bare : "usb";
        String type = o.get("type");
        type = type != null ? type : "spicevmc";
        XmlOut x = XmlOut.element("redirdev").attr("bus", bus).attr("type", type);
        String server = o.get("server");
        if (server != null) {
            int colon = server.lastIndexOf(':');
            x.child(XmlOut.element("source").attr("host", colon < 0 ? server : server.substring(0, colon))
                    .attr("service", colon < 0 ? null : server.substring(colon + 1)));
        }
        Long order = o.number(p, 1, 65535, "boot.order");
        if (order != null) {
            g.bootOrderOnDevices = true;
            x.child(XmlOut.element("boot").attr("order", order));
        }
        o.reportUnused(p);
        g.add("redirdev", x);
    }

    /** {@code --shmem NAME,model.type=ivshmem-plain|ivshmem-doorbell,size=,size.unit=,server.path=,role=}. */
    void shmem(String text) {
        SubOptions o = SubOptions.parse("--shmem", text);
        String name = o.get("name");
        String bare = o.bare();
        name = name != null ? name : bare;
        if (name == null) {
            p.bad("--shmem needs a name, such as --shmem ivshmem0,model.type=ivshmem-plain,size=8,size.unit=M.");
        }
        XmlOut x = XmlOut.element("shmem").attr("name", name).attr("role", o.get("role"));
        String model = o.get("model.type");
        x.child(model == null ? null : XmlOut.element("model").attr("type", model));
        String size = o.get("size");
        x.child(size == null ? null : XmlOut.element("size").attr("unit", o.get("size.unit")).text(size));
        String server = o.get("server.path");
        x.child(server == null ? null : XmlOut.element("server").attr("path", server));
        String vectors = o.get("msi.vectors");
        Boolean ioeventfd = o.bool(p, "msi.ioeventfd");
        if (vectors != null || ioeventfd != null) {
            x.child(XmlOut.element("msi").attr("vectors", vectors).onOff("ioeventfd", ioeventfd));
        }
        o.reportUnused(p);
        g.add("shmem", x);
    }

    /** {@code --audio id=N,type=none|spice|pulseaudio|...}: a {@code <audio>} back end for sound cards. */
    void audio(String text) {
        SubOptions o = SubOptions.parse("--audio", text);
        String type = o.get("type");
        String bare = o.bare();
        type = type != null ? type : bare;
        if (type == null) {
            p.bad("--audio needs a type, such as --audio id=1,type=none.");
        }
        String id = o.get("id");
        o.reportUnused(p);
        g.add("audio", XmlOut.element("audio").attr("type", type).attr("id", id));
    }

    /** {@code --pm suspend_to_mem.enabled=on|off,suspend_to_disk.enabled=on|off}. */
    void pm(List<String> texts) {
        for (String text : texts) {
            SubOptions o = SubOptions.parse("--pm", text);
            Boolean mem = o.bool(p, "suspend_to_mem.enabled", "suspend_to_mem");
            Boolean disk = o.bool(p, "suspend_to_disk.enabled", "suspend_to_disk");
            o.reportUnused(p);
            g.suspendToMem = mem != null ? mem : g.suspendToMem;
            g.suspendToDisk = disk != null ? disk : g.suspendToDisk;
        }
    }

    /** {@code --resource PARTITION|partition=,fibrechannel.appid=}. */
    void resource(List<String> texts) {
        for (String text : texts) {
            SubOptions o = SubOptions.parse("--resource", text);
            String partition = o.get("partition");
            String bare = o.bare();
            partition = partition != null ? partition : bare;
            String appid = o.get("fibrechannel.appid");
            o.reportUnused(p);
            g.resource = XmlOut.element("resource").textChild("partition", partition)
                    .child(appid == null ? null : XmlOut.element("fibrechannel").attr("appid", appid));
        }
    }

    /** {@code --launchSecurity sev,policy=,cbitpos=,reducedPhysBits=,session=,dhCert=,kernelHashes=}. */
    void launchSecurity(String text) {
        SubOptions o = SubOptions.parse("--launchSecurity", text);
        String type = o.get("type");
        String bare = o.bare();
        type = type != null ? type : bare;
        if (!"sev".equals(type) && !"s390-pv".equals(type)) {
            p.bad("--launchSecurity needs a type: sev (AMD SEV) or s390-pv.");
        }
        XmlOut x = XmlOut.element("launchSecurity").attr("type", type).yesNo("kernelHashes",
                o.bool(p, "kernelhashes"));
        x.textChild("cbitpos", o.get("cbitpos"));
        x.textChild("reducedPhysBits", o.get("reducedphysbits"));
        x.textChild("policy", o.get("policy"));
        x.textChild("dhCert", o.get("dhcert"));
        x.textChild("session", o.get("session"));
        o.reportUnused(p);
        g.launchSecurity = x;
    }

    /** {@code --seclabel type=none|dynamic|static,model=,relabel=,label=,baselabel=}. */
    void seclabel(String text) {
        SubOptions o = SubOptions.parse("--seclabel", text);
        String type = o.oneOf(p, Set.of("none", "dynamic", "static"), "type");
        String model = o.get("model");
        XmlOut x = XmlOut.element("seclabel").attr("type", type)
                .attr("model", model != null ? model : "none".equals(type) ? "none" : null)
                .yesNo("relabel", o.bool(p, "relabel"));
        x.textChild("label", o.get("label"));
        x.textChild("baselabel", o.get("baselabel"));
        o.reportUnused(p);
        g.seclabels.add(x);
    }
}
