package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads virt-install's less common device and domain options into a {@link GuestSpec}:
 * {@code --panic}, {@code --vsock}, {@code --iommu}, {@code --smartcard}, {@code --redirdev},
 * {@code --shmem}, {@code --audio}, {@code --pm}, {@code --resource}, {@code --seclabel} and
 * {@code --launchSecurity}
 * ({@code --parallel} is a character device, read by {@link DeviceOptions}), with
 * virt-install's first plain value and defaults.
 *
 * @param g the guest being planned
 * @param p where problems go
 */
record ExtraDeviceOptions(GuestSpec g, Problems p) {
    private static final SubKey.YesNo VSOCK_AUTO = SubKey.yesNo("cid.auto", "auto_cid");
    private static final SubKey.Number VSOCK_CID = SubKey.number(3, 0xffffffffL, "cid.address", "cid");
    private static final SubTable<XmlOut> IOMMU_DRIVER = SubTable.element()
            .add(SubKey.yesNo("driver.intremap"), SubTable.onOff("intremap"))
            .add(SubKey.yesNo("driver.caching_mode"), SubTable.onOff("caching_mode"))
            .add(SubKey.yesNo("driver.eim"), SubTable.onOff("eim"))
            .add(SubKey.yesNo("driver.iotlb"), SubTable.onOff("iotlb"))
            .add(SubKey.number(1, 64, "driver.aw_bits"), SubTable.attr("aw_bits"))
            .build();
    private static final SubTable<XmlOut> SMARTCARD_FILES = SubTable.element()
            .add(SubKey.text("certificate0"), SubTable.textChild("certificate"))
            .add(SubKey.text("certificate1"), SubTable.textChild("certificate"))
            .add(SubKey.text("certificate2"), SubTable.textChild("certificate"))
            .add(SubKey.text("database"), SubTable.textChild("database"))
            .build();
    private static final SubKey.Number REDIRDEV_BOOT = SubKey.number(1, 65535, "boot.order");
    private static final SubKey.YesNo SHMEM_IOEVENTFD = SubKey.yesNo("msi.ioeventfd");
    private static final SubTable<GuestSpec> PM = SubTable.<GuestSpec>of()
            .add(SubKey.yesNo("suspend_to_mem.enabled", "suspend_to_mem"), (g, v) -> g.suspendToMem = v)
            .add(SubKey.yesNo("suspend_to_disk.enabled", "suspend_to_disk"), (g, v) -> g.suspendToDisk = v)
            .build();
    private static final SubTable<XmlOut> LAUNCH_SECURITY = SubTable.element()
            .add(SubKey.yesNo("kernelhashes"), SubTable.yesNo("kernelHashes"))
            .texts("", SubTable::textChild, "cbitpos", "reducedPhysBits", "policy", "dhCert", "session")
            .build();
    private static final SubKey.Choice SECLABEL_TYPE = SubKey.oneOf(Set.of("none", "dynamic", "static"), "type");
    private static final SubTable<XmlOut> SECLABEL = SubTable.element()
            .add(SubKey.yesNo("relabel"), SubTable.yesNo("relabel"))
            .texts("", SubTable::textChild, "label", "baselabel")
            .build();

    /** {@code --panic isa|hyperv|pvpanic|...,iobase=} or the old {@code --panic 0xIOBASE}; isa by default on x86. */
    void panic(String text) {
        SubTable.read("--panic", text, p, o -> {
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
            g.add("panic", x);
        });
    }

    /** {@code --vsock cid.auto=yes|no,cid.address=N}: a virtio vsock device, its CID chosen by the host by default. */
    void vsock(String text) {
        SubTable.read("--vsock", text, p, o -> {
            String model = o.main("virtio", "model");
            Boolean auto = VSOCK_AUTO.read(o, p);
            Long cid = VSOCK_CID.read(o, p);
            if (auto == null && cid == null) {
                auto = true;
            }
            g.add("vsock", XmlOut.element("vsock").attr("model", model)
                    .child(XmlOut.element("cid").yesNo("auto", auto).attr("address", cid)));
        });
    }

    /**
     * {@code --iommu intel|virtio|smmuv3,driver.intremap=,driver.caching_mode=,driver.eim=,driver.iotlb=,
     * driver.aw_bits=}.
     */
    void iommu(String text) {
        SubTable.read("--iommu", text, p, o -> {
            String model = o.required(p, Set.of("intel", "virtio", "smmuv3")::contains,
                    "--iommu needs a model jvirt knows: intel or virtio.", "model");
            XmlOut driver = IOMMU_DRIVER.fill(o, p, XmlOut.element("driver"));
            g.add("iommu", XmlOut.element("iommu").attr("model", model).child(driver.isEmpty() ? null : driver));
        });
    }

    /** {@code --smartcard passthrough|host|host-certificates,type=spicevmc|tcp|...}, as virt-install defaults them. */
    void smartcard(String text) {
        SubTable.read("--smartcard", text, p, o -> {
            String mode = o.main("passthrough", "mode");
            if ("none".equals(mode)) {
                return;
            }
            if (!Set.of("passthrough", "host", "host-certificates").contains(mode)) {
                p.bad("--smartcard mode '" + mode + "' is not known; use passthrough, host or host-certificates.");
            }
            String type = o.get("type");
            XmlOut x = XmlOut.element("smartcard").attr("mode", mode)
                    .attr("type", type != null ? type : mode.equals("passthrough") ? "spicevmc" : "tcp");
            CharSource.read(o, p, x, null);
            g.add("smartcard", SMARTCARD_FILES.fill(o, p, x));
        });
    }

    /** {@code --redirdev usb,type=spicevmc|tcp,server=HOST:PORT|none}. */
    void redirdev(String text) {
        SubTable.read("--redirdev", text, p, o -> {
            String bus = o.get("bus");
            String bare = o.bare();
            if ("none".equals(bare)) {
                g.noRedirdev = true;
                return;
            }
            bus = bus != null ? bus : bare != null ? bare : "usb";
            String type = o.get("type");
            XmlOut x = XmlOut.element("redirdev").attr("bus", bus).attr("type", type != null ? type : "spicevmc");
            String server = o.get("server");
            if (server != null) {
                int colon = server.lastIndexOf(':');
                x.child(XmlOut.element("source").attr("host", colon < 0 ? server : server.substring(0, colon))
                        .attr("service", colon < 0 ? null : server.substring(colon + 1)));
            }
            Long order = REDIRDEV_BOOT.read(o, p);
            if (order != null) {
                g.bootOrderOnDevices = true;
                x.child(XmlOut.element("boot").attr("order", order));
            }
            g.add("redirdev", x);
        });
    }

    /** {@code --shmem NAME,model.type=ivshmem-plain|ivshmem-doorbell,size=,size.unit=,server.path=,role=}. */
    void shmem(String text) {
        SubTable.read("--shmem", text, p, o -> {
            String name = o.required(p, Objects::nonNull, "--shmem needs a name, such as --shmem "
                    + "ivshmem0,model.type=ivshmem-plain,size=8,size.unit=M.", "name");
            XmlOut x = XmlOut.element("shmem").attr("name", name).attr("role", o.get("role"));
            String model = o.get("model.type");
            x.child(model == null ? null : XmlOut.element("model").attr("type", model));
            String size = o.get("size");
            x.child(size == null ? null : XmlOut.element("size").attr("unit", o.get("size.unit")).text(size));
            String server = o.get("server.path");
            x.child(server == null ? null : XmlOut.element("server").attr("path", server));
            String vectors = o.get("msi.vectors");
            Boolean ioeventfd = SHMEM_IOEVENTFD.read(o, p);
            if (vectors != null || ioeventfd != null) {
                x.child(XmlOut.element("msi").attr("vectors", vectors).onOff("ioeventfd", ioeventfd));
            }
            g.add("shmem", x);
        });
    }

    /** {@code --audio id=N,type=none|spice|pulseaudio|...}: a {@code <audio>} back end for sound cards. */
    void audio(String text) {
        SubTable.read("--audio", text, p, o -> {
            String type = o.required(p, Objects::nonNull, "--audio needs a type, such as --audio id=1,type=none.",
                    "type");
            g.add("audio", XmlOut.element("audio").attr("type", type).attr("id", o.get("id")));
        });
    }

    /** {@code --pm suspend_to_mem.enabled=on|off,suspend_to_disk.enabled=on|off}. */
    void pm(List<String> texts) {
        texts.forEach(text -> SubTable.read("--pm", text, p, o -> PM.fill(o, p, g)));
    }

    /** {@code --resource PARTITION|partition=,fibrechannel.appid=}. */
    void resource(List<String> texts) {
        texts.forEach(text -> SubTable.read("--resource", text, p, o -> {
            String partition = o.main(null, "partition");
            String appid = o.get("fibrechannel.appid");
            g.resource = XmlOut.element("resource").textChild("partition", partition)
                    .child(appid == null ? null : XmlOut.element("fibrechannel").attr("appid", appid));
        }));
    }

    /** {@code --launchSecurity sev,policy=,cbitpos=,reducedPhysBits=,session=,dhCert=,kernelHashes=}. */
    void launchSecurity(String text) {
        SubTable.read("--launchSecurity", text, p, o -> {
            String type = o.required(p, Set.of("sev", "s390-pv")::contains,
                    "--launchSecurity needs a type: sev (AMD SEV) or s390-pv.", "type");
            g.launchSecurity = LAUNCH_SECURITY.fill(o, p, XmlOut.element("launchSecurity").attr("type", type));
        });
    }

    /** {@code --seclabel type=none|dynamic|static,model=,relabel=,label=,baselabel=}. */
    void seclabel(String text) {
        SubTable.read("--seclabel", text, p, o -> {
            String type = SECLABEL_TYPE.read(o, p);
            String model = o.get("model");
            g.seclabels.add(SECLABEL.fill(o, p, XmlOut.element("seclabel").attr("type", type)
                    .attr("model", model != null ? model : "none".equals(type) ? "none" : null)));
        });
    }
}
