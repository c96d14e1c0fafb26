package io.jvirt.it;

import io.jvirt.client.JvirtClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jvirt install} end to end: a real jvirtd, real QEMU (TCG) and the busybox test guest,
 * which must reach its ready line for each install method; a failed install leaves nothing.
 */
class InstallIT extends DaemonTest {
    /**
     * Options every case shares: TCG, little memory, no display (so the console is the serial port),
     * user networking (the daemon's own {@code default} network would be started on the host).
     */
    private static final List<String> COMMON = List.of("--virt-type", "qemu", "--memory", "256", "--vcpus", "1",
            "--graphics", "none", "--noautoconsole", "--osinfo", "linux2020", "--network", "user");

    private Cli.Result install(String... args) {
        List<String> all = new ArrayList<>(List.of("install"));
        all.addAll(COMMON);
        all.addAll(List.of(args));
        return Cli.run(sock, all.toArray(String[]::new));
    }

    @Test
    void importBootsACopyOfTheGuestsRootDisk() throws Exception {
        Path disk = tmp.resolve("imported.ext4");
        Files.copy(TestGuest.dir().resolve("root.ext4"), disk);
        Cli.Result r = install("--name", "imp", "--import", "--disk", disk.toString(), "--debug",
                "--boot", "kernel=" + TestGuest.dir().resolve("vmlinuz") + ",initrd="
                        + TestGuest.dir().resolve("initrd.img") + ",kernel_args='console=ttyS0 panic=-1 quiet root=/dev/vda'");
        assertThat(r.exit()).as(r.err()).isZero();
        // --debug: each step on stderr, timed; the daemon exchanges one line each; the XML indented
        assertThat(r.err().lines().filter(l -> !l.startsWith("    ")))
                .allSatisfy(l -> assertThat(l).matches("\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\+\\d+ ms\\] DEBUG .+"))
                .anySatisfy(l -> assertThat(l).endsWith("DEBUG plan made: 0 volume(s) to create, no install boot"))
                .anySatisfy(l -> assertThat(l).contains("DEBUG jvirtd: POST /v1/domains -> 200 ("))
                .anySatisfy(l -> assertThat(l).contains("DEBUG jvirtd: POST /v1/domains/imp/start -> 200 ("))
                .last().satisfies(l -> assertThat(l).endsWith("DEBUG domain imp defined and started"));
        assertThat(r.err()).contains("DEBUG the domain's XML:\n    <domain type='qemu'>\n      <name>imp</name>");
        try (JvirtClient c = daemon.client()) {
            assertThat(waitForConsole(c, "imp", TestGuest.READY + " root=vda")).contains("root=vda");
            assertThat(c.xml("imp", true)).contains("<source file='" + disk + "'/>")
                    .contains("<target dev='vda' bus='virtio'/>");
        }
    }

    @Test
    void cloudInitGivesTheFirstBootASeedTheGuestReads() throws Exception {
        Path disk = tmp.resolve("seeded.ext4");
        Files.copy(TestGuest.dir().resolve("root.ext4"), disk);
        Path userData = tmp.resolve("user-data");
        Files.writeString(userData, "#cloud-config\nhostname: from-jvirt-install\n");
        Path metaData = tmp.resolve("meta-data");
        Files.writeString(metaData, "instance-id: iid-install-1\n");
        // machine pc: the seed CD-ROM goes on IDE, which the test guest's cloud kernel drives (it has no AHCI)
        Cli.Result r = install("--name", "ci", "--machine", "pc", "--import", "--disk", disk.toString(),
                "--cloud-init", "user-data=" + userData + ",meta-data=" + metaData,
                "--boot", "kernel=" + TestGuest.dir().resolve("vmlinuz") + ",initrd="
                        + TestGuest.dir().resolve("initrd.img")
                        + ",kernel_args='console=ttyS0 panic=-1 quiet jvirt.cidata=1'"); // the initramfs holds the probe
        assertThat(r.exit()).as(r.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            String log = waitForConsole(c, "ci", "JVIRT-CIDATA-END").replace("\r", "");
            String report = log.substring(log.indexOf("JVIRT-CIDATA-BEGIN"));
            assertThat(report).as("the guest found the seed and read the user-data jvirt install put in it")
                    .contains("JVC| hostname: from-jvirt-install").contains("JVC| instance-id: iid-install-1")
                    .doesNotContain("JVC-MOUNT-FAILED");
            assertThat(c.xml("ci", false)).contains("jvirt-cidata-ci-");
            assertThat(c.xml("ci", true)).as("the seed is for the first boot only").doesNotContain("jvirt-cidata-")
                    .as("its drive stays, empty, as virt-install leaves it").contains("<disk type='file' device='cdrom'>");
        }
        try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("jvirt-cidata-ci-"));
        }
    }

    @Test
    void locationOnADebianTreeBootsItsKernelForTheInstallOnly() throws Exception {
        Path root = tmp.resolve("mirror/debian/dists/bookworm/main/installer-amd64");
        Path images = root.resolve("current/images");
        Path netboot = images.resolve("netboot/debian-installer/amd64");
        Files.createDirectories(netboot);
        Files.writeString(images.resolve("MANIFEST"), "netboot/debian-installer/amd64/linux\n");
        Files.copy(TestGuest.dir().resolve("vmlinuz"), netboot.resolve("linux"));
        Files.copy(TestGuest.dir().resolve("initrd.img"), netboot.resolve("initrd.gz"));
        Cli.Result r = install("--name", "loc", "--location", root.toString(), "--disk", "size=0.05",
                "--extra-args", "console=ttyS0 panic=-1 quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            assertThat(waitForConsole(c, "loc", TestGuest.READY)).contains(TestGuest.READY);
            assertThat(c.xml("loc", false)).contains("<kernel>" + netboot.resolve("linux") + "</kernel>")
                    .contains("<on_reboot>destroy</on_reboot>");
            assertThat(c.xml("loc", true)).doesNotContain("<kernel>").doesNotContain("<on_reboot>destroy")
                    .contains("<boot dev='hd'/>");
            assertThat(c.listVolumes("default")).anySatisfy(v -> assertThat(v.name()).isEqualTo("loc.qcow2"));
        }
    }

    @Test
    void locationOnAnIsoExtractsTheKernelWithJvirtsOwnReader() throws Exception {
        Path tree = tmp.resolve("iso-tree");
        Files.createDirectories(tree.resolve("install.amd"));
        Files.createDirectories(tree.resolve(".disk"));
        Files.writeString(tree.resolve(".disk/info"), "Debian GNU/Linux 12 \"Bookworm\" - amd64 NETINST\n");
        Files.copy(TestGuest.dir().resolve("vmlinuz"), tree.resolve("install.amd/vmlinuz"));
        Files.copy(TestGuest.dir().resolve("initrd.img"), tree.resolve("install.amd/initrd.gz"));
        Path iso = tmp.resolve("netinst.iso");
        Process x = new ProcessBuilder("xorriso", "-as", "mkisofs", "-quiet", "-R", "-V", "Debian 12 amd64 n", "-o",
                iso.toString(), tree.toString()).redirectErrorStream(true).start();
        String xout = new String(x.getInputStream().readAllBytes());
        assertThat(x.waitFor()).as(xout).isZero();
        Cli.Result r = install("--name", "isoloc", "--location", iso.toString(), "--nodisks",
                "--extra-args", "console=ttyS0 panic=-1 quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            assertThat(waitForConsole(c, "isoloc", TestGuest.READY)).contains(TestGuest.READY);
            assertThat(c.xml("isoloc", false)).contains(iso.toString());
            assertThat(c.xml("isoloc", true)).doesNotContain(iso.toString());
        }
    }

    @Test
    void theCdromIsAttachedForTheFirstBootAndEjectedFromTheInstalledDefinition() throws Exception {
        Path data = tmp.resolve("cd-tree");
        Files.createDirectories(data);
        Files.writeString(data.resolve("README"), "install medium\n");
        Path iso = tmp.resolve("install.iso");
        Process x = new ProcessBuilder("xorriso", "-as", "mkisofs", "-quiet", "-R", "-V", "JVIRT_INSTALL", "-o",
                iso.toString(), data.toString()).redirectErrorStream(true).start();
        String xout = new String(x.getInputStream().readAllBytes());
        assertThat(x.waitFor()).as(xout).isZero();
        Cli.Result r = install("--name", "cd", "--cdrom", iso.toString(), "--nodisks", "--boot",
                "kernel=" + TestGuest.dir().resolve("vmlinuz") + ",initrd=" + TestGuest.dir().resolve("initrd.img")
                        + ",kernel_args='console=ttyS0 panic=-1 quiet'");
        assertThat(r.exit()).as(r.err()).isZero();
        try (JvirtClient c = daemon.client()) {
            assertThat(waitForConsole(c, "cd", TestGuest.READY)).contains(TestGuest.READY);
            assertThat(c.xml("cd", false)).contains("<source file='" + iso + "'/>").contains("device='cdrom'");
            assertThat(c.xml("cd", true)).doesNotContain(iso.toString()).contains("device='cdrom'");
        }
    }

    @Test
    void withWaitTheGuestsRebootEndsTheInstallAndTheInstalledGuestBootsWithoutTheMedium() throws Exception {
        Path data = tmp.resolve("cd-tree");
        Files.createDirectories(data);
        Files.writeString(data.resolve("README"), "install medium\n");
        Path iso = tmp.resolve("install.iso");
        Process x = new ProcessBuilder("xorriso", "-as", "mkisofs", "-quiet", "-R", "-V", "JVIRT_INSTALL", "-o",
                iso.toString(), data.toString()).redirectErrorStream(true).start();
        String xout = new String(x.getInputStream().readAllBytes());
        assertThat(x.waitFor()).as(xout).isZero();
        var result = new java.util.concurrent.CompletableFuture<Cli.Result>();
        String boot = "kernel=" + TestGuest.dir().resolve("vmlinuz") + ",initrd=" + TestGuest.dir().resolve("initrd.img")
                + ",kernel_args='console=ttyS0 panic=-1 quiet'";
        Thread.ofVirtual().start(() -> result.complete(install("--name", "w", "--cdrom", iso.toString(), "--nodisks",
                "--wait", "3", "--boot", boot)));
        try (JvirtClient c = daemon.client()) {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (c.listDomains(false).stream().noneMatch(d -> d.name().equals("w"))) {
                assertThat(System.nanoTime()).as("the install never started: " + (result.isDone() ? result.get() : ""))
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
            waitForConsole(c, "w", TestGuest.READY);
            assertThat(c.xml("w", false)).contains(iso.toString());
            try (GuestShell shell = new GuestShell(c, "w")) {
                // the shell answers first, so that the reboot is not typed before it reads input
                assertThat(shell.run("true", java.time.Duration.ofSeconds(60)).ok()).isTrue();
                shell.send("reboot -f");
            }
            Cli.Result r = result.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("Booting the installed domain w");
            assertThat(c.xml("w", false)).doesNotContain(iso.toString()).doesNotContain("<on_reboot>destroy");
            assertThat(waitForConsole(c, "w", TestGuest.READY)).contains(TestGuest.READY);
        }
    }

    @Test
    void aFailedStartRemovesTheVolumeAndTheDefinitionItMade() throws Exception {
        Cli.Result r = install("--name", "broken", "--import", "--disk", "size=0.05",
                "--boot", "kernel=" + tmp.resolve("no-such-kernel") + ",initrd=" + TestGuest.dir().resolve("initrd.img"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: The install of 'broken' failed and everything it created was removed: ");
        try (JvirtClient c = daemon.client()) {
            assertThat(c.listDomains(true)).noneSatisfy(d -> assertThat(d.name()).isEqualTo("broken"));
            assertThat(c.listVolumes("default")).noneSatisfy(v -> assertThat(v.name()).startsWith("broken"));
        }
    }

    @Test
    void badOptionsAreAllReportedAndNothingIsCreated() throws Exception {
        Cli.Result r = install("--name", "bad", "--import", "--disk", "size=0.05,colour=red", "--bogus");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: The option --bogus is unknown");
        Cli.Result r2 = install("--name", "bad", "--import", "--disk", "size=0.05,colour=red",
                "--network", "network=nowhere");
        assertThat(r2.err().lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("error: "));
        try (JvirtClient c = daemon.client()) {
            assertThat(c.listDomains(true)).isEmpty();
            assertThat(c.listVolumes("default")).isEmpty();
        }
    }
}
