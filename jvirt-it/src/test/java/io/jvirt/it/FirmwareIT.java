package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.DomainState;
import io.jvirt.client.JvirtClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * UEFI guests end to end: the XML the real virt-install writes for {@code --boot uefi} and for
 * Windows 11, adapted to boot the busybox test guest (its kernel through the firmware, a serial
 * console instead of the graphical devices jvirt does not run yet), defined and started under
 * TCG through a real jvirtd. The guest itself confirms it booted through UEFI with Secure Boot;
 * the variable store is created from the firmware's template on the first start, is the guest's
 * own from then on, survives a restart, and {@code undefine --nvram} deletes it.
 */
class FirmwareIT extends DaemonTest {

    static final Path VIRTINST = TestGuest.repoRoot().resolve("jvirt-it/src/test/resources/virtinst");
    static final Pattern DEVICES = Pattern.compile("<devices>.*</devices>", Pattern.DOTALL);

    /**
     * A virt-install document made to run here: the test guest's kernel, initrd and command line
     * in {@code <os>}, its serial console as the only device, less memory and one vCPU (OVMF
     * under TCG with four vCPUs takes minutes on a shared 2-core machine), and {@code extraOs}
     * (firmware requirements) inside {@code <os>}.
     */
    static String adapted(String virtinstFile, String extraOs) throws Exception {
        String xml = Files.readString(VIRTINST.resolve(virtinstFile));
        xml = xml.replaceFirst("(?s)<!--.*?-->\\s*", "");
        Path g = TestGuest.dir();
        String boot = """
                <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0 panic=-1 quiet</cmdline>
                    %s
                    <boot dev="hd"/>""".formatted(g.resolve("vmlinuz"), g.resolve("initrd.img"), extraOs);
        xml = xml.replace("<boot dev=\"hd\"/>", boot);
        xml = xml.replaceAll("<vcpu>\\d+</vcpu>", "<vcpu>1</vcpu>")
                .replaceAll("<memory>\\d+</memory>", "<memory unit='MiB'>256</memory>")
                .replaceAll("<currentMemory>\\d+</currentMemory>", "<currentMemory unit='MiB'>256</currentMemory>");
        Matcher m = DEVICES.matcher(xml);
        assertThat(m.find()).as("the virt-install document has devices").isTrue();
        return m.replaceFirst(Matcher.quoteReplacement("""
                <devices>
                    <serial type='pty'><target port='0'/></serial>
                    <console type='pty'><target type='serial' port='0'/></console>
                  </devices>"""));
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    private String dmesg(JvirtClient c, String name) throws Exception {
        try (GuestShell sh = new GuestShell(c, name)) {
            GuestShell.Result r = sh.run("ls -d /sys/firmware/efi && dmesg | grep -e 'efi: EFI' -e secureboot",
                    Duration.ofSeconds(30));
            assertThat(r.ok()).as("the guest sees EFI: " + r.output()).isTrue();
            return r.output();
        }
    }

    @Test
    void virtInstallsUefiGuestBootsThroughOvmfAndKeepsItsVariableStore() throws Exception {
        Path file = tmp.resolve("uefi.xml");
        Files.writeString(file, adapted("uefi.xml", ""));
        Cli.Result def = Cli.run(sock, "define", file.toString());
        assertThat(def.exit()).as(def.err()).isZero();
        Path store = daemon.stateDir.resolve("nvram/uefi_VARS.fd");
        Path template = Path.of("/usr/share/OVMF/OVMF_VARS_4M.ms.fd");
        assertThat(store).doesNotExist();

        Cli.Result start = Cli.run(sock, "start", "uefi");
        assertThat(start.exit()).as(start.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            assertThat(store).exists();
            assertThat(Files.size(store)).isEqualTo(Files.size(template));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
            String live = c.xml("uefi", false);
            assertThat(live).contains("<loader readonly='yes' secure='yes' type='pflash'>"
                    + "/usr/share/OVMF/OVMF_CODE_4M.ms.fd</loader>")
                    .contains("<nvram template='" + template + "'>" + store + "</nvram>")
                    .contains("<smm state='on'/>").doesNotContain("firmware='efi'");
            assertThat(c.xml("uefi", true)).contains("<os firmware='efi'>").doesNotContain("<loader");

            LifecycleIT.waitReady(c, "uefi");
            assertThat(dmesg(c, "uefi")).contains("efi: EFI v2.70 by EDK II")
                    .contains("secureboot: Secure boot enabled");
            assertThat(Cli.run(sock, "destroy", "uefi").exit()).isZero();
            assertThat(LifecycleIT.waitState(c, "uefi", DomainState.SHUTOFF).state()).isEqualTo(DomainState.SHUTOFF);

            // OVMF wrote its boot options: the store is the guest's own now, and a restart keeps it
            String afterFirstBoot = sha256(store);
            assertThat(afterFirstBoot).isNotEqualTo(sha256(template));
            Object inode = Files.getAttribute(store, "unix:ino");
            assertThat(Cli.run(sock, "start", "uefi").exit()).isZero();
            assertThat(Files.getAttribute(store, "unix:ino")).isEqualTo(inode);
            LifecycleIT.waitReady(c, "uefi");
            assertThat(sha256(store)).isNotEqualTo(sha256(template));
            assertThat(Cli.run(sock, "destroy", "uefi").exit()).isZero();
            LifecycleIT.waitState(c, "uefi", DomainState.SHUTOFF);
        }

        Cli.Result refused = Cli.run(sock, "undefine", "uefi");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("has a UEFI variable store, " + store)
                .contains("--nvram").contains("--keep-nvram");
        assertThat(store).exists();
        Cli.Result undefine = Cli.run(sock, "undefine", "--nvram", "uefi");
        assertThat(undefine.exit()).as(undefine.err()).isZero();
        assertThat(store).doesNotExist();
    }

    @Test
    void aWindows11LikeGuestWithSecureBootAndHypervEnlightenmentsRunsUnderTcg() throws Exception {
        String xml = adapted("kvm/win11.xml", """
                <firmware>
                      <feature enabled='yes' name='secure-boot'/>
                      <feature enabled='yes' name='enrolled-keys'/>
                    </firmware>""");
        assertThat(xml).contains("<relaxed state=\"on\"/>").contains("<spinlocks state=\"on\" retries=\"8191\"/>")
                .contains("<timer name=\"hypervclock\" present=\"yes\"/>").contains("machine=\"q35\"");
        try (JvirtClient c = daemon.client()) {
            c.define(xml);
            assertThat(Cli.run(sock, "start", "win11").exit()).isZero();
            assertThat(c.info("win11").accel()).isIn("tcg", "kvm");
            String live = c.xml("win11", false);
            assertThat(live).contains("/usr/share/OVMF/OVMF_CODE_4M.ms.fd").contains("<hyperv mode='custom'>")
                    .contains("<clock offset='localtime'>");
            LifecycleIT.waitReady(c, "win11");
            assertThat(dmesg(c, "win11")).contains("secureboot: Secure boot enabled");
            Path qemuLog = daemon.stateDir.resolve("run").resolve(c.info("win11").uuid()).resolve("qemu.log");
            assertThat(Files.readString(qemuLog)).doesNotContain("error");
            assertThat(Cli.run(sock, "destroy", "win11").exit()).isZero();
            LifecycleIT.waitState(c, "win11", DomainState.SHUTOFF);
            Cli.Result keep = Cli.run(sock, "undefine", "--keep-nvram", "win11");
            assertThat(keep.exit()).as(keep.err()).isZero();
            assertThat(daemon.stateDir.resolve("nvram/win11_VARS.fd")).exists();
        }
    }

    @Test
    void aDomainAskingForFirmwareTheHostLacksDoesNotStartAndLeavesNothing() throws Exception {
        Files.writeString(tmp.resolve("pcsb.xml"), TestGuest.xml("pcsb", "")
                .replace("<os>", "<os firmware='efi'>")
                .replace("</type>", "</type><firmware><feature enabled='yes' name='secure-boot'/></firmware>"));
        assertThat(Cli.run(sock, "define", tmp.resolve("pcsb.xml").toString()).exit()).isZero();
        Cli.Result start = Cli.run(sock, "start", "pcsb");
        assertThat(start.exit()).isEqualTo(1);
        assertThat(start.err()).contains("domain 'pcsb' cannot start: No firmware on this host satisfies domain "
                + "'pcsb': UEFI firmware for x86_64 machine type pc-i440fx-7.2 with Secure Boot was asked for");
        assertThat(daemon.stateDir.resolve("nvram/pcsb_VARS.fd")).doesNotExist();
        Path run = daemon.stateDir.resolve("run");
        assertThat(Files.exists(run) ? Files.list(run).toList() : List.of()).isEmpty();
        try (JvirtClient c = daemon.client()) {
            assertThat(c.info("pcsb").state()).isEqualTo(DomainState.SHUTOFF);
        }
    }
}
