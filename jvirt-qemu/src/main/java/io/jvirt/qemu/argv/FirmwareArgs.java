package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.OsDef;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.List;

/**
 * Renders the firmware: a ROM loader as {@code -bios}, a pflash loader as flash unit 0 and its
 * variable store as unit 1, and Secure Boot's SMM-only flash writes. A definition whose
 * firmware is still to be chosen ({@code <os firmware>}) must first go through
 * {@code io.jvirt.qemu.firmware.FirmwareResolver}, which the daemon runs at start.
 */
final class FirmwareArgs {

    private FirmwareArgs() {
    }

    static void add(List<String> argv, DomainDef def) {
        OsDef os = def.os();
        if (os.firmware() != null) {
            throw new ArgvException(Kind.CONFLICT, "The firmware of <os firmware='" + os.firmware().xml() + "'> "
                    + "has not been chosen yet; it is chosen from the host's firmware descriptors when the domain "
                    + "starts.");
        }
        OsDef.Loader loader = os.loader();
        if (loader == null) {
            return;
        }
        String format = loader.format() == null ? "raw" : loader.format().xml();
        switch (loader.effectiveType()) {
            case ROM -> {
                argv.add("-bios");
                argv.add(loader.path());
            }
            case PFLASH -> {
                if (Boolean.TRUE.equals(loader.secure())) {
                    argv.add("-global");
                    argv.add("driver=cfi.pflash01,property=secure,value=on");
                }
                argv.add("-drive");
                argv.add(Opts.empty().add("if", "pflash").add("format", format).add("unit", 0)
                        .add("file", loader.path()).onOff("readonly", loader.readonly()).toString());
                OsDef.Nvram nvram = os.nvram();
                if (nvram != null && nvram.path() != null && !Boolean.TRUE.equals(loader.stateless())) {
                    String nvFormat = nvram.format() == null ? "raw" : nvram.format().xml();
                    argv.add("-drive");
                    argv.add(Opts.empty().add("if", "pflash").add("format", nvFormat).add("unit", 1)
                            .add("file", nvram.path()).toString());
                }
            }
        }
    }
}
