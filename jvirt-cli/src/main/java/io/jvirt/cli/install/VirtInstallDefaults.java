package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

/**
 * The devices and settings virt-install 4.1 adds when the options leave them out ({@code
 * Guest.set_defaults}), decided from the OS (osinfo), the machine and what the options gave:
 * graphics (SPICE) with video, tablet, USB controller, the guest agent channel, RNG,
 * memballoon, a TPM for UEFI guests, the clock timers, ACPI/APIC and Hyper-V features, PCIe
 * root ports on q35, and SPICE's channel, sound and USB redirection.
 */
final class VirtInstallDefaults {
    private VirtInstallDefaults() {
    }

    /**
     * Adds the defaults.
     *
     * @param g the guest, with every option read
     */
    static void apply(GuestSpec g) {
        if (!g.has("graphics") && !g.graphicsNone) {
            g.spice = true;
            g.add("graphics", XmlOut.element("graphics").attr("type", "spice").attr("port", -1).attr("tlsPort", -1)
                    .attr("autoport", "yes").child(XmlOut.element("image").attr("compression", "off")));
        }
        boolean graphics = g.has("graphics");
        if (!g.has("video") && !g.noVideo && graphics) {
            g.add("video", XmlOut.element("video").child(XmlOut.element("model").attr("type", videoModel(g))));
        }
        if (!g.has("input") && !g.noInput && graphics && !g.usbDisabled) {
            g.add("input", XmlOut.element("input").attr("type", "tablet").attr("bus", "usb"));
        }
        if (!g.has("console") && !g.has("serial") && !g.noConsole) {
            g.add("console", XmlOut.element("console").attr("type", "pty"));
        }
        if (!g.usbController) {
            if (g.os.usb3()) {
                g.add("controller", XmlOut.element("controller").attr("type", "usb").attr("model", "qemu-xhci")
                        .attr("ports", 15));
            } else {
                g.add("controller", XmlOut.element("controller").attr("type", "usb").attr("model", "ich9-ehci1"));
                for (int i = 1; i <= 3; i++) {
                    g.add("controller", XmlOut.element("controller").attr("type", "usb").attr("model", "ich9-uhci" + i)
                            .child(XmlOut.element("master").attr("startport", (i - 1) * 2)));
                }
            }
        }
        if (!g.has("channel") && !g.noChannel && g.os.virtioSerial()) {
            g.add("channel", XmlOut.element("channel").attr("type", "unix")
                    .child(XmlOut.element("source").attr("mode", "bind"))
                    .child(XmlOut.element("target").attr("type", "virtio").attr("name", "org.qemu.guest_agent.0")));
        }
        if (!g.has("rng") && !g.noRng && g.os.virtioRng()) {
            g.add("rng", XmlOut.element("rng").attr("model", "virtio")
                    .child(XmlOut.element("backend").attr("model", "random").text("/dev/urandom")));
        }
        if (!g.has("memballoon") && g.os.virtioBalloon()) {
            g.add("memballoon", XmlOut.element("memballoon").attr("model", "virtio"));
        }
        if (!g.has("tpm") && !g.noTpm && "efi".equals(g.firmware)) {
            g.add("tpm", XmlOut.element("tpm").attr("model", "tpm-crb")
                    .child(XmlOut.element("backend").attr("type", "emulator")));
        }
        if (g.clockOffset == null) {
            g.clockOffset = g.os.clockOffset();
        }
        if (g.timers.isEmpty()) {
            g.timers.add(XmlOut.element("timer").attr("name", "rtc").attr("tickpolicy", "catchup"));
            g.timers.add(XmlOut.element("timer").attr("name", "pit").attr("tickpolicy", "delay"));
            g.timers.add(XmlOut.element("timer").attr("name", "hpet").attr("present", "no"));
            if (g.os.isWindows()) {
                g.timers.add(XmlOut.element("timer").attr("name", "hypervclock").attr("present", "yes"));
            }
        }
        if ("kvm".equals(g.type) && g.cpu == null) {
            g.cpu = XmlOut.element("cpu").attr("mode", "host-passthrough");
        }
        java.util.Map<String, XmlOut> features = new java.util.LinkedHashMap<>();
        for (String f : "i686".equals(g.arch) ? new String[] {"acpi", "apic", "pae"} : new String[] {"acpi", "apic"}) {
            if (!g.featuresOff.contains(f)) {
                features.put(f, XmlOut.element(f));
            }
        }
        features.putAll(g.features);
        g.features.clear();
        g.features.putAll(features);
        if (g.os.isWindows()) {
            // virt-install's Hyper-V defaults, before what the options set (which they do not override)
            java.util.Map<String, XmlOut> hv = new java.util.LinkedHashMap<>();
            hv.put("relaxed", XmlOut.element("relaxed").attr("state", "on"));
            hv.put("vapic", XmlOut.element("vapic").attr("state", "on"));
            hv.put("spinlocks", XmlOut.element("spinlocks").attr("state", "on").attr("retries", 8191));
            hv.putAll(g.hyperv);
            g.hyperv.clear();
            g.hyperv.putAll(hv);
        }
        if (g.scsiDisk && !g.scsiController && g.os.virtioScsi()) {
            g.add("controller", XmlOut.element("controller").attr("type", "scsi").attr("model", "virtio-scsi"));
        }
        if (!g.pciController && g.q35()) {
            g.add("controller", XmlOut.element("controller").attr("type", "pci").attr("model", "pcie-root"));
            for (int i = 0; i < 14; i++) {
                g.add("controller", XmlOut.element("controller").attr("type", "pci").attr("model", "pcie-root-port"));
            }
        }
        if (g.spice) {
            if (!g.vmportGiven) {
                g.features.put("vmport", XmlOut.element("vmport").attr("state", "off"));
            }
            if (!g.spicevmcChannel && !g.noChannel) {
                g.add("channel", XmlOut.element("channel").attr("type", "spicevmc")
                        .child(XmlOut.element("target").attr("type", "virtio").attr("name", "com.redhat.spice.0")));
            }
            if (!g.has("sound") && !g.noSound) {
                g.add("sound", XmlOut.element("sound").attr("model", g.q35() ? "ich9" : "ich6"));
            }
            if (!g.has("redirdev") && !g.noRedirdev && !g.usbDisabled) {
                for (int i = 0; i < 2; i++) {
                    g.add("redirdev", XmlOut.element("redirdev").attr("bus", "usb").attr("type", "spicevmc"));
                }
            }
        }
    }

    private static String videoModel(GuestSpec g) {
        if (g.spice && g.gl) {
            return "virtio";
        }
        if (g.os.virtioGpu()) {
            return "virtio";
        }
        if (g.spice) {
            return "qxl";
        }
        if ("efi".equals(g.firmware)) {
            return "bochs";
        }
        return "vga";
    }
}
