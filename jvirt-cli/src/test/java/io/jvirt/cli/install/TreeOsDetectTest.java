package io.jvirt.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OS detection of small fake install trees (directories and ISO images, read as jvirt install reads
 * them) against the osinfo database Debian ships, with virt-install 4.1's answers (the same trees
 * given to the real {@code virt-install --location DIR --os-variant detect=on --print-xml --debug}
 * against a private libvirtd: its "detect_distro returned=" line).
 */
class TreeOsDetectTest {
    private static final OsInfoTrees DB = OsInfoTrees.read(new OsInfoDb(OsInfoDb.DEFAULT_ROOT));
    private final FakeHost host = new FakeHost();

    @TempDir
    Path root;

    private TreeOsDetect.Result detect(String tree) {
        Path dir = root.resolve(tree);
        return TreeOsDetect.detect(host.treeReader(new TreeSource.Directory(dir)), dir.toString(), false, DB);
    }

    private static String treeinfo(String general) {
        return "[header]\ntype = productmd.treeinfo\nversion = 1.2\n\n[general]\n" + general
                + "\n[images-x86_64]\nkernel = images/pxeboot/vmlinuz\ninitrd = images/pxeboot/initrd.img\n";
    }

    @Test
    void aFedoraServerTreeinfoIsIdentifiedByLibosinfosTreeEntries() throws Exception {
        TreeServer.put(root, "f/.treeinfo", treeinfo("family = Fedora\nversion = 37\narch = x86_64\nvariant = Server\n"));
        TreeOsDetect.Result r = detect("f");
        assertThat(r.shortId()).isEqualTo("fedora37");
        assertThat(r.how()).contains("family Fedora, version 37, variant Server, arch x86_64").contains("osinfo");
    }

    @Test
    void aFedoraTreeinfoLibosinfoCannotPlaceGetsVirtInstallsOwnFedoraRule() throws Exception {
        // osinfo's Fedora 37 trees all name a variant: libosinfo finds none, virt-install's rule fedora+version does
        TreeServer.put(root, "a/.treeinfo", treeinfo("family = Fedora\nversion = 37\n"));
        assertThat(detect("a").shortId()).isEqualTo("fedora37");
        // a release osinfo does not know yet, and rawhide: fedora-unknown
        TreeServer.put(root, "b/treeinfo", treeinfo("family = Fedora\nversion = 45\n"));
        assertThat(detect("b").shortId()).isEqualTo("fedora-unknown");
        TreeServer.put(root, "c/.treeinfo", treeinfo("family = Fedora\nversion = Rawhide\n"));
        assertThat(detect("c").shortId()).isEqualTo("fedora-unknown");
    }

    @Test
    void rhelAndCentosTakeTheNewestUpdateOsinfoKnowsOfTheirMajorVersion() throws Exception {
        TreeServer.put(root, "r/.treeinfo", treeinfo("family = Red Hat Enterprise Linux\nversion = 8.6\n"));
        assertThat(detect("r").shortId()).isEqualTo("rhel8.6");
        TreeServer.put(root, "s/.treeinfo", treeinfo("family = Red Hat Enterprise Linux\nversion = 7.12\n"));
        assertThat(detect("s").shortId()).isEqualTo("rhel7.9");
        TreeServer.put(root, "c/.treeinfo", treeinfo("family = CentOS\nversion = 6.99\n"));
        assertThat(detect("c").shortId()).isEqualTo("centos6.10");
        // with their arch, libosinfo places them first (its patterns match anywhere: 6.9 in 6.99)
        TreeServer.put(root, "s64/.treeinfo", treeinfo("family = Red Hat Enterprise Linux\nversion = 7.12\narch = x86_64\n"));
        assertThat(detect("s64").shortId()).isEqualTo("rhel7-unknown");
        TreeServer.put(root, "c64/.treeinfo", treeinfo("family = CentOS\nversion = 6.99\narch = x86_64\n"));
        assertThat(detect("c64").shortId()).isEqualTo("centos6.9");
    }

    @Test
    void suseTreesWithoutATreeinfoAreReadFromTheirContentFile() throws Exception {
        TreeServer.put(root, "leap/content", "DISTRO cpe:/o:opensuse:leap:15.3,openSUSE Leap 15.3\nVERSION 15.3\n"
                + "BASEARCHS x86_64\n");
        assertThat(detect("leap")).isEqualTo(new TreeOsDetect.Result("opensuse15.3",
                "content file (openSUSE Leap 15.3)"));
        TreeServer.put(root, "os132/content", "DISTRO cpe:/o:opensuse:opensuse:13.2,openSUSE\nBASEARCHS x86_64\n");
        assertThat(detect("os132").shortId()).isEqualTo("opensuse13.2");
        TreeServer.put(root, "sles11/content", "LABEL SUSE Linux Enterprise Server 11 SP4\nVERSION 11.4-0\n"
                + "BASEARCHS x86_64\n");
        assertThat(detect("sles11").shortId()).isEqualTo("sles11sp4");
        TreeServer.put(root, "sled12/content", "DISTRO cpe:/o:suse:sled:12:sp3,SUSE Linux Enterprise Desktop 12 SP3\n"
                + "REPOID obsproduct://build.suse.de/SUSE:SLE-12-SP3:GA/SLED/12.3/DVD/x86_64\n");
        assertThat(detect("sled12").shortId()).isEqualTo("sled12sp3");
        // neither VERSION nor DISTRO: virt-install's reading of the file fails, and so the tree is of no kind it knows
        TreeServer.put(root, "bare/content", "LABEL SUSE Linux Enterprise Server 11 SP4\nBASEARCHS x86_64\n");
        assertThat(detect("bare")).isNull();
    }

    @Test
    void aDebianNetbootTreeSaysItsReleaseOnlyThroughTheCodeNameInItsLocation() throws Exception {
        TreeServer.put(root, "debian/dists/bullseye/main/installer-amd64/current/images/MANIFEST",
                "netboot/debian-installer/amd64/linux: Debian installer\n");
        assertThat(detect("debian/dists/bullseye/main/installer-amd64").shortId()).isEqualTo("debian11");
        // bookworm is newer than this osinfo-db: the tree is Debian, with no OS
        TreeServer.debian(root);
        TreeOsDetect.Result r = detect("debian/dists/bookworm/main/installer-amd64");
        assertThat(r.shortId()).isNull();
        assertThat(r.how()).contains("Debian installer files");
        // the same tree copied where no code name shows
        TreeServer.put(root, "copy/current/images/MANIFEST", "netboot/debian-installer/amd64/linux: Debian installer\n");
        assertThat(detect("copy").shortId()).isNull();
    }

    @Test
    void ubuntuAndDailyTrees() throws Exception {
        TreeServer.put(root, "ubuntu/dists/jammy/main/installer-amd64/current/images/MANIFEST",
                "netboot/ubuntu-installer/amd64/linux: Ubuntu installer\n");
        assertThat(detect("ubuntu/dists/jammy/main/installer-amd64").shortId()).isEqualTo("ubuntu22.04");
        TreeServer.put(root, "daily-images/amd64/daily/MANIFEST", "netboot/debian-installer/amd64/linux: Debian\n");
        assertThat(detect("daily-images/amd64").shortId()).isEqualTo("debiantesting");
    }

    @Test
    void mageiaByItsVersionFile() throws Exception {
        TreeServer.put(root, "mga/VERSION", "Mageia 8 x86_64 Official\n");
        assertThat(detect("mga")).isEqualTo(new TreeOsDetect.Result("mageia8", "VERSION file"));
        TreeServer.put(root, "mga9/VERSION", "Mageia 9 x86_64 Official\n");
        assertThat(detect("mga9")).isEqualTo(new TreeOsDetect.Result(null, "VERSION file"));
    }

    @Test
    void aTreeOfNoKnownKindIsNothingAndAnUnknownTreeinfoFamilyIsATreeWithoutAnOs() throws Exception {
        TreeServer.put(root, "x/README", "x");
        assertThat(detect("x")).isNull();
        TreeServer.put(root, "y/.treeinfo", treeinfo("family = Toy Linux\nversion = 1\narch = x86_64\n"));
        assertThat(detect("y")).isEqualTo(new TreeOsDetect.Result(null,
                ".treeinfo (family Toy Linux, version 1, arch x86_64)"));
    }

    @Test
    void anIsoTreeIsReadWithJvirtsOwnIsoReader() throws Exception {
        Path tree = root.resolve("iso");
        TreeServer.put(root, "iso/.treeinfo", treeinfo("family = Fedora\nversion = 36\narch = x86_64\nvariant = Server\n"));
        TreeServer.put(root, "iso/images/pxeboot/vmlinuz", "k");
        TreeServer.put(root, "iso/images/pxeboot/initrd.img", "i");
        Path iso = root.resolve("f.iso");
        List<String> cmd = new ArrayList<>(List.of("xorriso", "-as", "mkisofs", "-quiet", "-R", "-V", "NOT-A-KNOWN-ID",
                "-o", iso.toString(), tree.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        TreeOsDetect.Result r = TreeOsDetect.detect(host.treeReader(new TreeSource.Iso(iso)), iso.toString(), true, DB);
        // virt-install asks libosinfo about an ISO's volume id, not its .treeinfo; its Fedora rule still reads it
        assertThat(r.shortId()).isEqualTo("fedora36");
        assertThat(r.how()).doesNotContain("osinfo");
        assertThat(Files.exists(iso)).isTrue();
    }
}
