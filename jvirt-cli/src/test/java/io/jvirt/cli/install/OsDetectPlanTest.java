package io.jvirt.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainXml;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --os-variant detect=on} (and no --os-variant at all) with {@code --location} trees: a
 * directory and an http URL served by {@link TreeServer}, planned as jvirt install plans them.
 */
class OsDetectPlanTest {
    @TempDir
    Path root;
    private final FakeHost host = new FakeHost();

    private InstallPlan plan(String... argv) {
        InstallCommand cmd = new InstallCommand();
        new CommandLine(cmd.spec()).parseArgs(argv);
        return new InstallPlanner(host, new OsInfoDb(OsInfoDb.DEFAULT_ROOT), new Random(5)).plan(cmd.args());
    }

    private InstallException refusal(String... argv) {
        try {
            plan(argv);
        } catch (InstallException e) {
            return e;
        }
        throw new AssertionError("the plan was accepted");
    }

    /** Makes a tree under the root a directory the fake host knows, with its kernel found as the real host finds it. */
    private String known(String tree) throws IOException {
        Path dir = root.resolve(tree);
        host.files.put(dir, new HostFacts.FileFact(true, true, false, null, null, 0, 0));
        host.trees.put(dir, LocationTree.inDirectory(dir));
        return dir.toString();
    }

    private String fedoraTree() throws IOException {
        TreeServer.put(root, "f37/.treeinfo", """
                [general]
                family = Fedora
                version = 37
                variant = Server
                arch = x86_64

                [images-x86_64]
                kernel = images/pxeboot/vmlinuz
                initrd = images/pxeboot/initrd.img
                """);
        TreeServer.put(root, "f37/images/pxeboot/vmlinuz", "k");
        TreeServer.put(root, "f37/images/pxeboot/initrd.img", "i");
        return known("f37");
    }

    @Test
    void withoutOsVariantADirectorysTreeinfoGivesTheOsAndItsDefaults() throws Exception {
        InstallPlan plan = plan("--name", "f", "--location", fedoraTree(), "--nodisks");
        assertThat(plan.notes()).contains("Detected OS fedora37 from the install tree's .treeinfo (family Fedora, "
                + "version 37, variant Server, arch x86_64), which the osinfo database's trees of fedora37 match.");
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("Using fedora37 default --memory"));
        String xml = DomainXml.format(plan.domain(), Secrets.asked(false));
        assertThat(xml).contains("http://fedoraproject.org/fedora/37").contains("<type arch='x86_64' machine='q35'>");
    }

    @Test
    void aDebianTreeWithoutACodeNameOsinfoKnowsIsRefusedUnlessDetectionIsOnlyAsked() throws Exception {
        String tree = TreeServer.debian(root);
        String dir = known(tree);
        InstallException e = refusal("--name", "d", "--memory", "512", "--location", dir, "--nodisks");
        assertThat(e.getMessage()).contains("--os-variant is required").contains("recognised by its Debian "
                + "installer files and the location's code name, but the osinfo database names no OS for it");
        InstallException on = refusal("--name", "d", "--memory", "512", "--location", dir, "--nodisks",
                "--os-variant", "detect=on,require=on");
        assertThat(on.getMessage()).startsWith("--os-variant requires an OS, but none was given or detected");
        // detect=on alone: virt-install goes on with the generic OS and warns
        InstallPlan plan = plan("--name", "d", "--memory", "512", "--location", dir, "--nodisks",
                "--os-variant", "detect=on");
        assertThat(plan.notes()).contains(OsVariantOptions.genericWarning());
        assertThat(DomainXml.format(plan.domain(), Secrets.asked(false))).doesNotContain("libosinfo");
        // name= is the fallback when nothing is detected
        InstallPlan named = plan("--name", "d", "--memory", "512", "--location", dir, "--nodisks",
                "--os-variant", "detect=on,name=debian11");
        assertThat(DomainXml.format(named.domain(), Secrets.asked(false))).contains("http://debian.org/debian/11");
    }

    @Test
    void aMirrorUrlIsReadOverHttpForItsTreeinfoOrItsCodeName() throws Exception {
        String bullseye = "debian/dists/bullseye/main/installer-amd64/";
        TreeServer.put(root, bullseye + "current/images/MANIFEST", "netboot/debian-installer/amd64/linux: Debian installer\n");
        TreeServer.put(root, bullseye + "current/images/netboot/debian-installer/amd64/linux", "k");
        TreeServer.put(root, bullseye + "current/images/netboot/debian-installer/amd64/initrd.gz", "i");
        String fedora = TreeServer.fedora(root);
        try (TreeServer server = new TreeServer(root, true)) {
            InstallPlan deb = plan("--name", "u", "--memory", "512", "--nodisks", "--location",
                    server.url(bullseye).toString(), "--os-variant", "detect=on,require=on");
            assertThat(deb.notes()).contains("Detected OS debian11 from the install tree's Debian installer files and "
                    + "the location's code name.");
            assertThat(server.requests).contains("GET /" + bullseye + "current/images/MANIFEST");
            // Fedora 39 is newer than this osinfo-db: its pattern for releases to come names fedora-unknown
            InstallPlan fed = plan("--name", "u", "--memory", "512", "--nodisks", "--location",
                    server.url(fedora).toString());
            assertThat(fed.notes()).anySatisfy(n -> assertThat(n).startsWith("Detected OS fedora-unknown from the "
                    + "install tree's .treeinfo (family Fedora, version 39, arch x86_64)"));
        }
    }

    @Test
    void anIsoTreeIsReadWhenItsVolumeIdSaysNothing() throws Exception {
        fedoraTree();
        Path iso = root.resolve("f37.iso");
        Process p = new ProcessBuilder("xorriso", "-as", "mkisofs", "-quiet", "-R", "-V", "MY-OWN-LABEL", "-o",
                iso.toString(), root.resolve("f37").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        host.files.put(iso, new HostFacts.FileFact(true, false, false, "raw", IsoImage.volumeIdOf(iso), 1 << 20, 1 << 20));
        host.trees.put(iso, LocationTree.inIso(iso));
        InstallPlan plan = plan("--name", "i", "--memory", "1024", "--location", iso.toString(), "--nodisks");
        // virt-install asks libosinfo about an ISO's volume id only; its Fedora rule reads the .treeinfo (the real
        // virt-install --location on this ISO: "Detected class=_FedoraDistro osvariant=fedora37")
        assertThat(plan.notes()).contains("Detected OS fedora37 from the install tree's .treeinfo (family Fedora, "
                + "version 37, variant Server, arch x86_64).");
    }

    @Test
    void aServerThatCannotBeAskedIsAskedOnceOnly() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        accepted.incrementAndGet(); // closed at once: no HTTP answer
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            TreeOsDetect.Reader r = HttpTree.standard().reader(URI.create("http://127.0.0.1:" + s.getLocalPort() + "/t/"));
            assertThat(r.text(".treeinfo")).isNull();
            int first = accepted.get(); // java.net.http tries a GET a second time on a connection closed unanswered
            assertThat(first).isBetween(1, 2);
            assertThat(r.text("treeinfo")).isNull();
            assertThat(r.text("current/images/MANIFEST")).isNull();
            assertThat(accepted.get()).isEqualTo(first);
        }
        // a server that answers 404 is asked for each file
        try (TreeServer server = new TreeServer(root, true)) {
            TreeOsDetect.Reader r = HttpTree.standard().reader(server.url("t/"));
            assertThat(r.text(".treeinfo")).isNull();
            assertThat(r.text("treeinfo")).isNull();
            assertThat(server.requests).containsExactly("GET /t/.treeinfo", "GET /t/treeinfo");
        }
    }

    @Test
    void anUnreadableTreeIsLeftToTheLocationCheck() {
        InstallException e = refusal("--name", "x", "--memory", "512", "--location", root.resolve("none").toString(),
                "--nodisks", "--os-variant", "detect=on");
        assertThat(e.getMessage()).contains("does not exist");
        assertThat(List.of(e.getMessage())).noneMatch(m -> m.contains("os-variant"));
    }
}
