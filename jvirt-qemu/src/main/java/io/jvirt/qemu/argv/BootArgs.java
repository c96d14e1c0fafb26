package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.OsDef;
import java.util.List;

/**
 * Renders {@code -boot} (menu, BIOS reboot timeout, splash time, always {@code strict=on} as
 * libvirt does: devices boot only through their {@link BootIndexes} indexes), direct kernel boot
 * ({@code -kernel}, {@code -initrd}, {@code -append}, {@code -dtb}) and an ACPI SLIC table.
 */
final class BootArgs {

    private BootArgs() {
    }

    static void add(List<String> argv, DomainDef def) {
        OsDef os = def.os();
        Opts boot = Opts.empty();
        if (os.bootMenu() != null) {
            boot.onOff("menu", os.bootMenu().enable());
        }
        if (os.bios() != null) {
            boot.add("reboot-timeout", os.bios().rebootTimeoutMs());
        }
        if (os.bootMenu() != null && os.bootMenu().enable()) {
            boot.add("splash-time", os.bootMenu().timeoutMs());
        }
        boot.add("strict", "on");
        argv.add("-boot");
        argv.add(boot.toString());
        if (os.kernel() != null) {
            argv.add("-kernel");
            argv.add(os.kernel());
        }
        if (os.initrd() != null) {
            argv.add("-initrd");
            argv.add(os.initrd());
        }
        if (os.cmdline() != null) {
            argv.add("-append");
            argv.add(os.cmdline());
        }
        if (os.dtb() != null) {
            argv.add("-dtb");
            argv.add(os.dtb());
        }
        if (os.acpiSlic() != null) {
            argv.add("-acpitable");
            argv.add(Opts.empty().add("sig", "SLIC").add("file", os.acpiSlic()).toString());
        }
    }
}
