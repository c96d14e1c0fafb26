package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.client.JvirtClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An emulated TPM 2.0 under TCG: jvirtd sets up swtpm's state on the first start, runs swtpm
 * beside QEMU, and the guest finds its TPM ({@code /sys/class/tpm/tpm0}, version 2) and reads the
 * endorsement key swtpm_setup made persistent (TPM2_ReadPublic of handle 0x81010001, written to
 * {@code /dev/tpm0} from the shell). After a restart the guest reads the same key: the state
 * survived. undefine --keep-tpm keeps the state; a plain undefine removes it.
 */
class TpmIT extends DaemonTest {
    private static final Duration CMD = Duration.ofSeconds(30);
    /** TPM2_ReadPublic(0x81010001): tag 0x8001, size 14, command code 0x173, the handle; in octal for busybox printf. */
    private static final String READ_EK = "\\200\\001\\000\\000\\000\\016\\000\\000\\001\\163\\201\\001\\000\\001";
    private static final Pattern HEX = Pattern.compile("((?:[0-9a-f]{2} ?)+)");

    private static final String XML_TPM = """
            <tpm model='tpm-crb'>
              <backend type='emulator' version='2.0'>
                <active_pcr_banks><sha256/></active_pcr_banks>
              </backend>
            </tpm>""";

    private String bootAndReadEk(JvirtClient c) throws Exception {
        Cli.Result start = Cli.run(sock, "start", "tpmguest");
        assertThat(start.exit()).as(start.err()).isZero();
        waitForConsole(c, "tpmguest", TestGuest.READY);
        try (GuestShell sh = new GuestShell(c, "tpmguest")) {
            GuestShell.Result v = sh.run("cat /sys/class/tpm/tpm0/tpm_version_major", CMD);
            assertThat(v.ok()).as(v.output()).isTrue();
            assertThat(v.output().strip()).endsWith("2");
            GuestShell.Result ek = sh.run("exec 3<>/dev/tpm0; printf '" + READ_EK + "' >&3; "
                    + "dd bs=4096 count=1 <&3 2>/dev/null | od -An -tx1 -v | tr -d '\\n'; exec 3>&-; echo", CMD);
            assertThat(ek.ok()).as(ek.output()).isTrue();
            Matcher m = HEX.matcher(ek.output());
            String longest = "";
            while (m.find()) {
                if (m.group(1).length() > longest.length()) {
                    longest = m.group(1).strip();
                }
            }
            // a success response: tag 0x8001, a size, response code 0, then the key
            assertThat(longest).as(ek.output()).startsWith("80 01").contains("00 00 00 00");
            assertThat(longest.length()).isGreaterThan(300);
            return longest;
        }
    }

    @Test
    void theGuestSeesItsTpmAndItsStateSurvivesARestart() throws Exception {
        Path f = tmp.resolve("tpmguest.xml");
        // a fixed UUID: the TPM state is the domain's by UUID, and the test defines it twice
        Files.writeString(f, TestGuest.xml("tpmguest", XML_TPM).replace("<name>tpmguest</name>",
                "<name>tpmguest</name>\n  <uuid>6ba7b810-9dad-11d1-80b4-00c04fd43001</uuid>"));
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        String uuid = Cli.run(sock, "domuuid", "tpmguest").out().strip();
        Path state = tmp.resolve("state/tpm").resolve(uuid);
        String first;
        String second;
        try (JvirtClient c = daemon.client()) {
            first = bootAndReadEk(c);
            assertThat(Files.exists(state.resolve("tpm2/tpm2-00.permall"))).isTrue();
            assertThat(Files.getPosixFilePermissions(state.resolve("tpm2")).toString()).isEqualTo(
                    "[OWNER_READ, OWNER_WRITE, OWNER_EXECUTE]");
            assertThat(Cli.run(sock, "destroy", "tpmguest").exit()).isZero();
            second = bootAndReadEk(c);
            assertThat(Cli.run(sock, "destroy", "tpmguest").exit()).isZero();
        }
        assertThat(second).isEqualTo(first);
        String setupLog = Files.readString(state.resolve("swtpm-setup.log"));
        assertThat(setupLog.split("Starting vTPM manufacturing", -1)).as(setupLog).hasSize(2);

        Cli.Result keep = Cli.run(sock, "undefine", "tpmguest", "--keep-tpm");
        assertThat(keep.exit()).as(keep.err()).isZero();
        assertThat(Files.exists(state.resolve("tpm2/tpm2-00.permall"))).isTrue();
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        assertThat(Cli.run(sock, "undefine", "tpmguest").exit()).isZero();
        assertThat(Files.exists(state)).isFalse();
    }
}
