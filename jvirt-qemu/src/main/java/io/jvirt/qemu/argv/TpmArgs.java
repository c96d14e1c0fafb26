package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.TpmDef;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders the TPM as libvirt does: a swtpm (emulator or external) reached through a socket
 * chardev {@code chrtpm} and {@code -tpmdev emulator}; a host TPM through
 * {@code -tpmdev passthrough} with its sysfs cancel file; then {@code tpm-tis} or
 * {@code tpm-crb}. The emulator's socket is the swtpm jvirtd starts ({@link LaunchContext#swtpmSocket()}).
 */
final class TpmArgs {

    private TpmArgs() {
    }

    static void add(List<String> argv, TpmDef tpm, LaunchContext ctx) {
        if (tpm == null) {
            return;
        }
        Opts tpmdev = switch (tpm.backend()) {
            case TpmDef.Emulator e -> chardev(argv, ctx.swtpmSocket().toString());
            case TpmDef.External x -> chardev(argv, x.socket());
            case TpmDef.Passthrough p -> Opts.of("passthrough").add("id", "tpm-tpm0").add("path", p.device())
                    .add("cancel-path", cancelPath(p.device()));
        };
        argv.add("-tpmdev");
        argv.add(tpmdev.toString());
        argv.add("-device");
        argv.add(Opts.of(tpm.model().xml()).add("tpmdev", "tpm-tpm0").add("id", "tpm0").toString());
    }

    private static Opts chardev(List<String> argv, String socket) {
        argv.add("-chardev");
        argv.add(Opts.of("socket").add("id", "chrtpm").add("path", socket).toString());
        return Opts.of("emulator").add("id", "tpm-tpm0").add("chardev", "chrtpm");
    }

    /**
     * Returns the sysfs file that cancels a command of a host TPM: {@code /dev/tpm0} has
     * {@code /sys/class/tpm/tpm0/device/cancel}.
     *
     * @param device the TPM device node
     * @return the cancel file
     */
    static String cancelPath(String device) {
        return "/sys/class/tpm/" + Path.of(device).getFileName() + "/device/cancel";
    }
}
