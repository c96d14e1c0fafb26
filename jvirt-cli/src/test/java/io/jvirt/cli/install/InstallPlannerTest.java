package io.jvirt.cli.install;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainXml;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The planner's decisions and refusals, on the in-memory host of {@link FakeHost}. */
class InstallPlannerTest {
    private static final String W = FakeHost.W;
    private final FakeHost host = new FakeHost();

    private InstallPlan plan(String... argv) {
        return planner().plan(args(argv));
    }

    private InstallPlanner planner() {
        return new InstallPlanner(host, new OsInfoDb(OsInfoDb.DEFAULT_ROOT), new Random(7));
    }

    private static InstallArgs args(String... argv) {
        InstallCommand cmd = new InstallCommand();
        new CommandLine(cmd.spec()).parseArgs(argv);
        return cmd.args();
    }

    private InstallException refusal(String... argv) {
        try {
            plan(argv);
        } catch (InstallException e) {
            return e;
        }
        throw new AssertionError("the plan was accepted");
    }

    @Test
    void everyBadSubOptionAndValueIsReportedAtOnceOneSentenceEach() {
        InstallException e = refusal("--name", "a", "--memory", "512", "--osinfo", "linux2020", "--import",
                "--disk", W + "/img/debian12.qcow2,colour=red,bus=bogus", "--network", "network=default,speed=fast",
                "--graphics", "vnc,port=abc", "--boot", "floppy2");
        assertThat(e.kind()).isEqualTo(InstallException.Kind.BAD_OPTION);
        assertThat(e.problems()).hasSize(5).allSatisfy(s -> assertThat(s).endsWith(".").doesNotContain("\n"));
        assertThat(e.problems()).anySatisfy(s -> assertThat(s).contains("--disk sub-option 'colour'"))
                .anySatisfy(s -> assertThat(s).contains("'bogus'").contains("bus"))
                .anySatisfy(s -> assertThat(s).contains("--network sub-option 'speed'"))
                .anySatisfy(s -> assertThat(s).contains("'abc'").contains("port"))
                .anySatisfy(s -> assertThat(s).contains("--boot 'floppy2'"));
    }

    @Test
    void unknownOptionsAreAllNamedBeforeAnyDaemonIsContacted() {
        CommandLine cl = io.jvirt.cli.Main.commandLine(new InstallCommand());
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int rc = cl.execute("install", "--connect", "/nonexistent/jvirtd.sock", "--name", "a", "--bogus",
                "--ram-size", "5", "--autoconsole", "sideways");
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "error: The option --bogus is unknown; see jvirt install --help.",
                "error: The option --ram-size is unknown; see jvirt install --help.",
                "error: The argument '5' belongs to no option; see jvirt install --help.",
                "error: --autoconsole 'sideways' is not known; use text, graphical or none.");
    }

    @Test
    void aNameInUseIsRefused() {
        host.domains.add("web1");
        InstallException e = refusal("--name", "web1", "--memory", "512", "--osinfo", "linux2020", "--import",
                "--disk", W + "/img/debian12.qcow2");
        assertThat(e.kind()).isEqualTo(InstallException.Kind.IN_USE);
        assertThat(e.getMessage()).isEqualTo("A domain named 'web1' already exists; choose another --name, or remove "
                + "it with jvirt undefine web1.");
    }

    @Test
    void aDiskBeyondThePoolsFreeSpaceIsRefusedUnlessTheCheckIsOff() {
        InstallException e = refusal("--name", "big", "--memory", "512", "--osinfo", "linux2020", "--import",
                "--disk", "size=2000");
        assertThat(e.kind()).isEqualTo(InstallException.Kind.NO_SPACE);
        assertThat(e.getMessage()).contains("2000.0 GiB").contains("'default'").contains("1000.0 GiB free");
        InstallPlan plan = planner().plan(args("--name", "big", "--memory", "512", "--osinfo", "linux2020",
                "--import", "--disk", "size=2000"), false);
        assertThat(plan.volumes()).hasSize(1);
    }

    @Test
    void aMissingIsoAnUnknownOsAndATreeWithoutKernelAreNamed() {
        assertThat(refusal("--name", "a", "--memory", "512", "--osinfo", "debian11", "--cdrom", "/nonexistent.iso")
                .getMessage()).isEqualTo("The install ISO /nonexistent.iso does not exist; give the path of an ISO "
                        + "file or POOL/VOLUME.");
        InstallException os = refusal("--name", "a", "--memory", "512", "--osinfo", "beos5", "--import", "--disk",
                W + "/img/debian12.qcow2");
        assertThat(os.kind()).isEqualTo(InstallException.Kind.NOT_FOUND);
        assertThat(os.getMessage()).startsWith("The OS variant 'beos5' is not in the osinfo database");
        host.files.put(Path.of("/srv/empty-tree"), new HostFacts.FileFact(true, true, false, null, null, 0, 0));
        InstallException tree = refusal("--name", "a", "--memory", "512", "--osinfo", "debian11", "--location",
                "/srv/empty-tree");
        assertThat(tree.kind()).isEqualTo(InstallException.Kind.BAD_MEDIA);
        assertThat(tree.getMessage()).startsWith("The install tree /srv/empty-tree holds no kernel and initrd");
    }

    @Test
    void aNewDiskIsAVolumeOfTheDefaultPoolNamedAfterTheGuest() {
        InstallPlan plan = plan("--name", "web1", "--memory", "1024", "--osinfo", "debian11", "--import",
                "--disk", "size=10", "--disk", "size=1,format=raw,sparse=no");
        assertThat(plan.volumes()).containsExactly(
                new NewVolume("default", "web1.qcow2", Path.of("/var/lib/libvirt/images/web1.qcow2"), 10L << 30,
                        "qcow2", null, null, true),
                new NewVolume("default", "web1.img", Path.of("/var/lib/libvirt/images/web1.img"), 1L << 30, "raw",
                        null, null, false));
    }

    @Test
    void aBackingStoreMakesAThinOverlayOfTheImagesSize() {
        host.pools.put("default", new HostFacts.PoolFact("default", Path.of("/var/lib/libvirt/images"), 1L << 30,
                true, Set.of("existing.qcow2", "debian-12-genericcloud-amd64.qcow2")));
        host.image("/var/lib/libvirt/images/debian-12-genericcloud-amd64.qcow2", "qcow2", 2L << 30);
        InstallPlan plan = plan("--name", "web1", "--memory", "1024", "--osinfo", "debian11", "--import",
                "--disk", "size=10,backing_store=debian-12-genericcloud-amd64.qcow2");
        assertThat(plan.volumes()).singleElement().satisfies(v -> {
            assertThat(v.backingPath()).isEqualTo(Path.of("/var/lib/libvirt/images/debian-12-genericcloud-amd64.qcow2"));
            assertThat(v.backingFormat()).isEqualTo("qcow2");
            assertThat(v.capacityBytes()).isEqualTo(10L << 30);
        });
    }

    @Test
    void theInstallCdromIsForTheFirstBootOnly() {
        InstallPlan plan = plan("--name", "d", "--memory", "1024", "--osinfo", "debian11", "--cdrom",
                W + "/media/debian-11.7.0-amd64-netinst.iso", "--disk", "size=8");
        String install = DomainXml.format(plan.installDomain(), Secrets.INCLUDE);
        String after = DomainXml.format(plan.domain(), Secrets.INCLUDE);
        assertThat(install).contains("debian-11.7.0-amd64-netinst.iso").contains("<on_reboot>destroy</on_reboot>")
                .contains("<boot dev='cdrom'/>");
        assertThat(after).doesNotContain("netinst.iso").doesNotContain("<boot dev='cdrom'/>")
                .contains("device='cdrom'");
    }

    @Test
    void firstBootMediaAreTheCloudInitHook() {
        InstallArgs a = args("--name", "c", "--memory", "1024", "--osinfo", "debian11", "--import", "--disk",
                W + "/img/debian12.qcow2").withFirstBootMedium(Path.of("/tmp/seed.iso"));
        host.image("/tmp/seed.iso", "raw", 1 << 20);
        InstallPlan plan = planner().plan(a);
        assertThat(plan.hasInstallPhase()).isTrue();
        assertThat(DomainXml.format(plan.installDomain(), Secrets.INCLUDE)).contains("/tmp/seed.iso");
        assertThat(DomainXml.format(plan.domain(), Secrets.INCLUDE)).doesNotContain("seed.iso");
    }

    @Test
    void withoutANetworkOptionTheDefaultNetworkElseUserNetworking() {
        String with = DomainXml.format(plan("--name", "n", "--memory", "512", "--osinfo", "linux2020", "--import",
                "--disk", "none").domain(), Secrets.INCLUDE);
        assertThat(with).contains("<source network='default'/>");
        host.networks.clear();
        String without = DomainXml.format(plan("--name", "n", "--memory", "512", "--osinfo", "linux2020",
                "--import", "--disk", "none").domain(), Secrets.INCLUDE);
        assertThat(without).contains("<interface type='user'>");
    }

    @Test
    void locationFromADirectoryBootsTheTreesKernelWithTheExtraArgs() {
        InstallPlan plan = plan("--name", "l", "--memory", "1024", "--osinfo", "debian11", "--location",
                W + "/tree/debian/dists/bookworm/main/installer-amd64", "--disk", "size=8", "--extra-args",
                "console=ttyS0 priority=low");
        String install = DomainXml.format(plan.installDomain(), Secrets.INCLUDE);
        assertThat(install).contains("<kernel>" + W + "/tree/debian/dists/bookworm/main/installer-amd64/current/images/"
                + "netboot/debian-installer/amd64/linux</kernel>").contains("<cmdline>console=ttyS0 priority=low</cmdline>");
        assertThat(plan.kernelMedia().needsStaging()).isFalse();
        assertThat(DomainXml.format(plan.domain(), Secrets.INCLUDE)).doesNotContain("<kernel>");
    }

    @Test
    void xmlEditsChangeTheResultAndAreValidatedByTheModel() {
        String xml = DomainXml.format(plan("--name", "x", "--memory", "512", "--osinfo", "linux2020", "--import",
                "--disk", "none", "--xml", "./devices/graphics/@listen=127.0.0.1", "--xml",
                "xpath.delete=./devices/sound", "--xml", "./title=edited").domain(), Secrets.INCLUDE);
        assertThat(xml).contains("listen='127.0.0.1'").doesNotContain("<sound").contains("<title>edited</title>");
        assertThatThrownBy(() -> plan("--name", "x", "--memory", "512", "--osinfo", "linux2020", "--import",
                "--disk", "none", "--xml", "./on_crash=explode"))
                .isInstanceOf(InstallException.class).hasMessageContaining("not valid");
    }
}
