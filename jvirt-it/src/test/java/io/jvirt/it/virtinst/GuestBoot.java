package io.jvirt.it.virtinst;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Makes a virt-install document boot the test guest on the hardware it describes: the guest's
 * kernel, initramfs and command line go into {@code <os>} (direct kernel boot, which SeaBIOS and
 * OVMF both do), replacing a {@code <kernel>}, {@code <initrd>} or {@code <cmdline>} the
 * document had (the installers of {@code --location} and {@code --install kernel=}), and a
 * document without any serial port or console (virt-install's {@code --console none}) gets one
 * {@code <serial type='pty'/>}, the only way the test reads the guest. Nothing else changes: every
 * device, the firmware, the machine type and the boot order stay as virt-install wrote them.
 *
 * <p>A BIOS domain boots the kernel's uncompressed ELF image through its PVH entry point (faster
 * under TCG); a UEFI domain, and a BIOS domain with a TPM, boot the compressed bzImage, which OVMF
 * loads and runs as an EFI application (OVMF does not boot ELF images). Both are the same kernel;
 * see scripts/README-test-guest.md.
 */
final class GuestBoot {

    /** The kernel command line: serial console, no reboot loop on panic, synchronous scans, the report. */
    static final String CMDLINE = "console=ttyS0 panic=-1 quiet scsi_mod.scan=sync usb_storage.delay_use=0 "
            + "jvirt.report=1";

    private static final Set<String> BEFORE_KERNEL = Set.of("type", "firmware", "loader", "nvram");

    private GuestBoot() {
    }

    /**
     * The guest's kernel files.
     *
     * @param bzImage the compressed kernel (UEFI)
     * @param elf the uncompressed kernel with a PVH entry point (BIOS)
     * @param initrd the initramfs
     */
    record Kernel(Path bzImage, Path elf, Path initrd) {
    }

    /** Returns the document with the test guest's boot added (see the class comment). */
    static String apply(String xml, Kernel kernel) {
        Document doc = Dom.parse(xml);
        Element domain = doc.getDocumentElement();
        Element os = Dom.child(domain, "os").orElseThrow(() -> new IllegalArgumentException("the domain has no <os>"));
        for (String name : List.of("kernel", "initrd", "cmdline")) {
            Dom.children(os, name).forEach(os::removeChild);
        }
        Element anchor = null;
        for (Element e : Dom.children(os)) {
            if (!BEFORE_KERNEL.contains(e.getLocalName())) {
                anchor = e;
                break;
            }
        }
        String cmdline = CMDLINE + mounts(domain);
        // SeaBIOS with a TPM: the kernel's PVH entry finds an RSDT with a zero-length entry (the TPM's
        // log area), its ACPI breaks and the devices behind root ports stay in D3cold; the bzImage,
        // booted through SeaBIOS's linuxboot, sees SeaBIOS's tables as an installed system does
        boolean tpm = !Dom.children(Dom.devices(doc), "tpm").isEmpty();
        Path image = uefi(domain) || tpm ? kernel.bzImage() : kernel.elf();
        for (String[] el : List.of(new String[] {"kernel", image.toString()},
                new String[] {"initrd", kernel.initrd().toString()}, new String[] {"cmdline", cmdline})) {
            Element e = doc.createElement(el[0]);
            e.setTextContent(el[1]);
            os.insertBefore(e, anchor);
        }
        Element devices = Dom.devices(doc);
        if (Dom.children(devices, "serial").isEmpty() && Dom.children(devices, "console").isEmpty()) {
            Element serial = doc.createElement("serial");
            serial.setAttribute("type", "pty");
            devices.appendChild(serial);
        }
        return Dom.format(doc);
    }

    /** Whether the domain boots UEFI firmware (OVMF). */
    static boolean uefi(Element domain) {
        Element os = Dom.child(domain, "os").orElseThrow();
        if ("efi".equals(Dom.attr(os, "firmware"))) {
            return true;
        }
        return Dom.child(os, "loader").map(l -> !"rom".equals(Dom.attr(l, "type"))
                || l.getTextContent().contains("OVMF")).orElse(false);
    }

    /** {@code jvirt.mount=TYPE:TAG,...} for the shared directories, so the guest mounts and lists them. */
    private static String mounts(Element domain) {
        List<String> out = new ArrayList<>();
        for (Element fs : Dom.children(Dom.child(domain, "devices").orElseThrow(), "filesystem")) {
            String tag = Dom.childAttr(fs, "target", "dir");
            if (tag != null && !"block".equals(Dom.attr(fs, "type"))) {
                out.add(("virtiofs".equals(Dom.childAttr(fs, "driver", "type")) ? "virtiofs" : "9p") + ":" + tag);
            }
        }
        return out.isEmpty() ? "" : " jvirt.mount=" + String.join(",", out);
    }
}
