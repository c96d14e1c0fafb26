package io.jvirt.cli.install;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --filesystem}, {@code --hostdev}, {@code --sysinfo}, {@code --memorybacking},
 * {@code --qemu-commandline} and cloud-init's SMBIOS serial: the forms the virt-install golden
 * set cannot hold (USB devices this host lacks, a virtiofs share without the shared memory
 * libvirt requires, values drawn from the command) and the refusals. The documents planned here
 * are written to target/install-print-xml/ too, which scripts/install-libvirt-define.sh has the
 * real libvirt define.
 */
class PassthroughPlannerTest {
    private static final String W = FakeHost.W;
    private static final String[] BASE = {"--memory", "1024", "--osinfo", "debian11", "--import", "--disk",
        W + "/img/debian12.qcow2", "--graphics", "none", "--network", "none"};
    private static final Path SEED = Path.of("/var/lib/libvirt/boot/virtinst-00000000-cloudinit.iso");

    private final FakeHost host = new FakeHost();

    private static InstallArgs args(String name, String... argv) {
        String[] all = new String[argv.length + BASE.length + 2];
        all[0] = "--name";
        all[1] = name;
        System.arraycopy(BASE, 0, all, 2, BASE.length);
        System.arraycopy(argv, 0, all, 2 + BASE.length, argv.length);
        InstallCommand cmd = new InstallCommand();
        new CommandLine(cmd.spec()).parseArgs(all);
        assertThat(cmd.spec().commandLine().getUnmatchedArguments()).isEmpty();
        return cmd.args();
    }

    private InstallPlan plan(InstallArgs a) throws IOException {
        InstallPlan plan = new InstallPlanner(host, new OsInfoDb(OsInfoDb.DEFAULT_ROOT), new Random(3)).plan(a);
        Path dir = Path.of("target/install-print-xml");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("passthrough-" + plan.domain().name() + ".xml"),
                DomainXml.format(plan.domain(), Secrets.INCLUDE));
        return plan;
    }

    private String xml(String name, String... argv) throws IOException {
        return DomainXml.format(plan(args(name, argv)).domain(), Secrets.INCLUDE);
    }

    private InstallException refusal(String... argv) {
        try {
            new InstallPlanner(host, new OsInfoDb(OsInfoDb.DEFAULT_ROOT), new Random(3)).plan(args("bad", argv));
        } catch (InstallException e) {
            return e;
        }
        throw new AssertionError("the plan was accepted");
    }

    /**
     * virt-install's --cloud-init: the first boot's SMBIOS system serial is ds=nocloud, merged with
     * --sysinfo; the installed boot keeps the seed's CD-ROM drive, empty.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cloud-init", "cloud-init-sysinfo"})
    void cloudInitFirstBootEqualsVirtInstall(String id) throws IOException {
        String golden = InstallGoldenTest.resource(id + ".xml");
        String goldenInstall = InstallGoldenTest.resource(id + ".install.xml");
        InstallCommand cmd = new InstallCommand();
        new CommandLine(cmd.spec()).parseArgs(InstallGoldenTest.argv(golden));
        InstallPlan plan = plan(cmd.args().withFirstBootMedium(SEED));
        assertThat(InstallGoldenTest.normalize(DomainXml.format(plan.installDomain(), Secrets.INCLUDE)))
                .isEqualTo(InstallGoldenTest.normalize(DomainXml.format(DomainXml.parse(goldenInstall),
                        Secrets.INCLUDE)))
                .contains("<entry name='serial'>ds=nocloud</entry>");
        // the installed boot: no serial, and the seed's drive kept empty, as virt-install writes it
        assertThat(InstallGoldenTest.normalize(DomainXml.format(plan.domain(), Secrets.INCLUDE)))
                .isEqualTo(InstallGoldenTest.normalize(DomainXml.format(DomainXml.parse(golden), Secrets.INCLUDE)))
                .doesNotContain("ds=nocloud").doesNotContain(SEED.toString())
                .contains("<disk type='file' device='cdrom'>");
        assertThat(golden).doesNotContain("ds=nocloud");
    }

    @Test
    void aGivenSerialOrHostSmbiosKeepsTheNocloudSerialOut() throws IOException {
        InstallPlan serial = plan(args("serial", "--sysinfo", "system.serial=S1").withFirstBootMedium(SEED));
        assertThat(DomainXml.format(serial.installDomain(), Secrets.INCLUDE)).contains(">S1</entry>")
                .doesNotContain("ds=nocloud");
        InstallPlan hostMode = plan(args("hostmode", "--sysinfo", "host").withFirstBootMedium(SEED));
        assertThat(DomainXml.format(hostMode.installDomain(), Secrets.INCLUDE)).contains("<smbios mode='host'/>")
                .doesNotContain("<sysinfo");
    }

    /**
     * virt-install 4.1 writes a virtiofs share without shared memory, which libvirt 9.0 refuses to
     * define ("'virtiofs' requires shared memory"); jvirt adds memfd shared memory and says so.
     */
    @Test
    void virtiofsGetsTheSharedMemoryLibvirtRequires() throws IOException {
        InstallPlan plan = plan(args("virtiofs", "--filesystem", W + "/share,hostshare,driver.type=virtiofs"));
        String xml = DomainXml.format(plan.domain(), Secrets.INCLUDE);
        assertThat(xml).contains("<source type='memfd'/>", "<access mode='shared'/>", "<driver type='virtiofs'/>",
                "<source dir='" + W + "/share'/>", "<target dir='hostshare'/>");
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("Using --memorybacking source.type=memfd,"
                + "access.mode=shared: "));

        String huge = xml("virtiofs-huge", "--filesystem", "source=" + W + "/share,target=t,driver.type=virtiofs",
                "--memorybacking", "hugepages=on");
        assertThat(huge).contains("<hugepages/>", "<access mode='shared'/>").doesNotContain("memfd");
    }

    @Test
    void aVhostUserCardGetsSharedMemoryToo() throws IOException {
        String[] argv = {"--name", "vhu", "--memory", "1024", "--osinfo", "debian11", "--import", "--disk",
            W + "/img/debian12.qcow2", "--graphics", "none", "--network",
            "vhostuser,source.type=unix,source.path=/run/vsw.sock,source.mode=client", "--filesystem",
            W + "/share,t,driver.type=virtiofs"};
        InstallCommand cmd = new InstallCommand();
        new CommandLine(cmd.spec()).parseArgs(argv);
        InstallPlan plan = plan(cmd.args());
        assertThat(DomainXml.format(plan.domain(), Secrets.INCLUDE)).contains("<access mode='shared'/>",
                "<interface type='vhostuser'>", "<source type='unix' path='/run/vsw.sock' mode='client'/>");
        assertThat(plan.notes()).contains("Using --memorybacking source.type=memfd,access.mode=shared: a vhost-user "
                + "network card and a virtiofs share need the guest's memory shared with another process.");
    }

    @Test
    void filesystemSourceAndTargetAsPlainValues() throws IOException {
        assertThat(xml("fs9p", "--filesystem", W + "/share,tag")).contains("<filesystem type='mount' "
                + "accessmode='mapped'>", "<source dir='" + W + "/share'/>", "<target dir='tag'/>");
    }

    @Test
    void hostDevicesInEveryFormVirtInstallTakes() throws IOException {
        String xml = xml("hostdevs", "--hostdev", "0000:01:00.0", "--hostdev", "pci_0000_3a_1f_7",
                "--hostdev", "02:00.1,driver.name=vfio,rom.bar=on", "--hostdev", "046d:c52b",
                "--host-device", "0x1d6b:0x0002", "--hostdev", "001.003,boot.order=2");
        assertThat(xml).contains("<address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>",
                "<address domain='0x0000' bus='0x3a' slot='0x1f' function='0x7'/>",
                "<address domain='0x0000' bus='0x02' slot='0x00' function='0x1'/>",
                "<driver name='vfio'/>", "<rom bar='on'/>",
                "<vendor id='0x046d'/>", "<product id='0xc52b'/>",
                "<vendor id='0x1d6b'/>", "<product id='0x0002'/>",
                "<address bus='1' device='3'/>", "<boot order='2'/>");
        assertThat(xml.split("<hostdev mode='subsystem' type='pci' managed='yes'>", -1)).hasSize(4);
        assertThat(xml.split("<hostdev mode='subsystem' type='usb' managed='yes'>", -1)).hasSize(4);
        // a boot order on a device replaces <os><boot dev=>, as in virt-install
        assertThat(xml).doesNotContain("<boot dev=");
    }

    /** A value may start with a dash, yet an option with an optional value does not take the next option. */
    @Test
    void dashValuesAreTakenButOptionalValuesLeaveTheNextOptionAlone() {
        InstallCommand cmd = new InstallCommand();
        CommandLine cl = new CommandLine(cmd.spec());
        cl.parseArgs("--name", "d", "--qemu-commandline", "-chardev null,id=n0", "--cloud-init", "--print-xml",
                "--noautoconsole", "--extra-args", "-- quiet");
        assertThat(cl.getUnmatchedArguments()).isEmpty();
        assertThat(cmd.args().passthrough().qemuCommandline()).containsExactly("-chardev null,id=n0");
        assertThat(cmd.args().extraArgs()).containsExactly("-- quiet");
        List<String> problems = new java.util.ArrayList<>();
        RunOptions run = cmd.runOptions(problems);
        assertThat(problems).isEmpty();
        assertThat(run.printXml()).isZero();
        assertThat(run.autoconsole()).isEqualTo("none");

        InstallCommand given = new InstallCommand();
        new CommandLine(given.spec()).parseArgs("--name", "d", "--cloud-init", "root-password-generate=on",
                "--print-xml", "1");
        assertThat(given.runOptions(problems).printXml()).isEqualTo(1);
        InstallCommand attached = new InstallCommand();
        new CommandLine(attached.spec()).parseArgs("--name", "d", "--print-xml=2", "--dry-run");
        assertThat(attached.runOptions(problems).printXml()).isEqualTo(2);
        assertThat(problems).isEmpty();
    }

    @Test
    void systemUuidBecomesTheDomainUuid() throws IOException {
        String u = "11111111-2222-3333-4444-555555555555";
        assertThat(xml("uuid", "--sysinfo", "system.uuid=" + u + ",system.family=F"))
                .contains("<uuid>" + u + "</uuid>", "<entry name='uuid'>" + u + "</entry>",
                        "<entry name='family'>F</entry>", "<smbios mode='sysinfo'/>");
    }

    @Test
    void qemuCommandLineKeepsQuotedWordsAndEnvValuesWhole() throws IOException {
        assertThat(xml("qemucl", "--qemu-commandline", "args=-name \"x y\" -S", "--qemu-commandline",
                "env=A=b=c", "--qemu-commandline", "-trace 'e*'"))
                .contains("<qemu:arg value='-name'/>", "<qemu:arg value='x y'/>", "<qemu:arg value='-S'/>",
                        "<qemu:arg value='-trace'/>", "<qemu:arg value='e*'/>", "<qemu:env name='A' value='b=c'/>");
    }

    @Test
    void everyBadValueIsReportedAtOnceOneSentenceEach() {
        InstallException e = refusal("--filesystem", "/nonexistent/dir,tag", "--filesystem", W + "/share",
                "--filesystem", W + "/share,t2,driver.type=virtiofs,readonly=on", "--hostdev", "usb_1_2",
                "--hostdev", "eth0,type=net", "--sysinfo", "bios.colour=red", "--sysinfo", "bogus",
                "--qemu-commandline", "env=1A=b", "--qemu-commandline", "-name 'x", "--memorybacking",
                "access.mode=sharedish");
        assertThat(e.problems()).allSatisfy(s -> assertThat(s).endsWith(".").doesNotContain("\n"));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "The --filesystem source /nonexistent/dir is not a directory on the host; give an existing "
                        + "directory to share.",
                "--filesystem " + W + "/share has no target: give the tag the guest mounts, as in --filesystem "
                        + "/srv/share,share or target=share.",
                "--filesystem " + W + "/share,t2,driver.type=virtiofs,readonly=on: a virtiofs share cannot be "
                        + "read-only in libvirt 9.0; leave out readonly=on, or use 9p (no driver.type) for a "
                        + "read-only share.",
                "--hostdev 'usb_1_2' is not a device address jvirt understands; give a PCI address (0000:01:00.0 "
                        + "or pci_0000_01_00_0) or a USB device (VENDOR:PRODUCT such as 046d:c52b, or BUS.DEVICE "
                        + "such as 001.003).",
                "--hostdev type=net hands over a host net device by capability, which only containers take; a "
                        + "QEMU guest takes PCI and USB devices.",
                "The --sysinfo sub-option 'bios.colour' is unknown here; see jvirt install --help and "
                        + "virt-install's --sysinfo syntax.",
                "--sysinfo type 'bogus' is not known; use host, emulate, smbios (the default with fields such as "
                        + "system.manufacturer=) or fwcfg.",
                "--qemu-commandline env=1A=b is not NAME=VALUE with a variable name of letters, digits and "
                        + "underscores.",
                "--qemu-commandline '-name 'x' has an unterminated quote.",
                "The value 'sharedish' of --memorybacking access.mode is not known; use one of private, shared.");
    }

    @Test
    void privateMemoryAndVirtiofsContradict() {
        InstallException e = refusal("--filesystem", W + "/share,t,driver.type=virtiofs", "--memorybacking",
                "access.mode=private");
        assertThat(e.problems()).containsExactly("A virtiofs share needs shared guest memory, but "
                + "--memorybacking says access.mode=private; use access.mode=shared.");
    }
}
