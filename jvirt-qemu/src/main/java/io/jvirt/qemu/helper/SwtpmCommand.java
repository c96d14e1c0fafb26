package io.jvirt.qemu.helper;

import io.jvirt.conf.domain.TpmDef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The swtpm command lines of an emulated TPM, as libvirt builds them: {@code swtpm_setup} once
 * to create the TPM's state (endorsement key, certificates, the active PCR banks), then
 * {@code swtpm socket} serving QEMU on a Unix socket until QEMU disconnects ({@code --terminate}).
 */
public final class SwtpmCommand {

    /** The swtpm binary. */
    public static final String SWTPM = "swtpm";

    /** The swtpm_setup binary (Debian's swtpm-tools). */
    public static final String SWTPM_SETUP = "swtpm_setup";

    /** The file swtpm keeps a TPM 2.0's permanent state in. */
    public static final String TPM2_STATE_FILE = "tpm2-00.permall";

    /** The file swtpm keeps a TPM 1.2's permanent state in. */
    public static final String TPM12_STATE_FILE = "tpm-00.permall";

    private SwtpmCommand() {
    }

    /** Returns the state file swtpm_setup leaves for a version: its presence means "set up". */
    public static String stateFile(TpmDef.Version version) {
        return switch (version) {
            case V1_2 -> TPM12_STATE_FILE;
            case V2_0 -> TPM2_STATE_FILE;
        };
    }

    /**
     * The first-start setup.
     *
     * @param emulator the TPM
     * @param stateDir the state directory
     * @param vmid the name swtpm_setup puts in the certificates ({@code NAME:UUID})
     * @param log the log file
     * @return the argv
     */
    public static List<String> setup(TpmDef.Emulator emulator, Path stateDir, String vmid, Path log) {
        List<String> a = new ArrayList<>(List.of(SWTPM_SETUP));
        if (emulator.version() == TpmDef.Version.V2_0) {
            a.add("--tpm2");
        }
        a.addAll(List.of("--tpm-state", stateDir.toString(), "--vmid", vmid, "--logfile", log.toString(),
                "--createek", "--create-ek-cert", "--create-platform-cert", "--lock-nvram", "--not-overwrite"));
        if (emulator.activePcrBanks() != null && emulator.version() == TpmDef.Version.V2_0) {
            a.add("--pcr-banks");
            a.add(banks(emulator));
        }
        return List.copyOf(a);
    }

    /**
     * The TPM process.
     *
     * @param emulator the TPM
     * @param socket the control socket QEMU connects to
     * @param stateDir the state directory
     * @param log the log file
     * @return the argv
     */
    public static List<String> run(TpmDef.Emulator emulator, Path socket, Path stateDir, Path log) {
        List<String> a = new ArrayList<>(List.of(SWTPM, "socket", "--ctrl", "type=unixio,path=" + socket + ",mode=0600",
                "--tpmstate", "dir=" + stateDir + ",mode=0600", "--log", "file=" + log, "--terminate"));
        if (emulator.version() == TpmDef.Version.V2_0) {
            a.add("--tpm2");
        }
        return List.copyOf(a);
    }

    private static String banks(TpmDef.Emulator emulator) {
        return Stream.of(TpmDef.PcrBank.values()).filter(emulator.activePcrBanks()::contains)
                .map(TpmDef.PcrBank::xml).collect(Collectors.joining(","));
    }
}
