package io.jvirt.cli.install;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.lang.reflect.RecordComponent;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --location http://...}: the planner probes a real web server on 127.0.0.1 and the stager
 * downloads what it found, as virt-install does with a mirror's URL.
 */
class LocationUrlTest {
    @TempDir
    Path root;
    @TempDir
    Path staging;
    private final FakeHost host = new FakeHost();

    private InstallPlan plan(String... argv) {
        List<String> all = new ArrayList<>(List.of("--name", "u", "--memory", "512", "--osinfo", "linux2020",
                "--nodisks"));
        all.addAll(List.of(argv));
        InstallCommand cmd = new InstallCommand();
        new CommandLine(cmd.spec()).parseArgs(all.toArray(String[]::new));
        InstallArgs staged = withStagingDir(cmd.args(), staging);
        return new InstallPlanner(host, new OsInfoDb(OsInfoDb.DEFAULT_ROOT), new Random(5)).plan(staged);
    }

    /** A copy of {@code a} staging into {@code dir}, whatever other options the record holds. */
    private static InstallArgs withStagingDir(InstallArgs a, Path dir) {
        try {
            RecordComponent[] components = InstallArgs.class.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals("stagingDir") ? dir : components[i].getAccessor().invoke(a);
            }
            return InstallArgs.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
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
    void aDebianMirrorUrlBootsItsDownloadedNetbootKernelWithTheExtraArgsForTheInstallOnly() throws Exception {
        String tree = TreeServer.debian(root);
        try (TreeServer server = new TreeServer(root, true)) {
            String url = server.url(tree).toString();
            InstallPlan plan = plan("--location", url, "--extra-args", "console=ttyS0 priority=low");
            String install = DomainXml.format(plan.installDomain(), Secrets.INCLUDE);
            assertThat(install).contains("<kernel>" + staging.resolve("jvirt-install-u-kernel") + "</kernel>")
                    .contains("<initrd>" + staging.resolve("jvirt-install-u-initrd") + "</initrd>")
                    .contains("<cmdline>console=ttyS0 priority=low</cmdline>").doesNotContain("device='cdrom'");
            assertThat(DomainXml.format(plan.domain(), Secrets.INCLUDE)).doesNotContain("<kernel>");
            assertThat(plan.kernelMedia().source()).isEqualTo(new TreeSource.Url(URI.create(url)));
            assertThat(plan.kernelMedia().needsStaging()).isTrue();
            assertThat(staging).isEmptyDirectory();

            List<Path> written = new InstallMediaStager().stage(plan.kernelMedia());
            assertThat(written).containsExactly(staging.resolve("jvirt-install-u-kernel"),
                    staging.resolve("jvirt-install-u-initrd"));
            assertThat(Files.readString(written.get(0))).isEqualTo("debian kernel");
            assertThat(Files.readString(written.get(1))).isEqualTo("debian initrd");
            assertThat(Files.getPosixFilePermissions(written.get(0))).hasSize(4);
        }
    }

    @Test
    void aFedoraUrlWithoutItsTrailingSlashIsReadThroughItsTreeinfoAndInjectedFilesAreAppended() throws Exception {
        String tree = TreeServer.fedora(root);
        Path ks = root.resolve("ks.cfg");
        Files.writeString(ks, "text\n");
        host.image(ks.toString(), "raw", 5);
        try (TreeServer server = new TreeServer(root, true)) {
            String url = server.url(tree).toString();
            InstallPlan plan = plan("--location", url.substring(0, url.length() - 1), "--initrd-inject", ks.toString(),
                    "--extra-args", "inst.ks=file:/ks.cfg");
            assertThat(plan.kernelMedia().kernelInSource()).isEqualTo("images/pxeboot/vmlinuz");
            List<Path> written = new InstallMediaStager().stage(plan.kernelMedia());
            String initrd = Files.readString(written.get(1));
            assertThat(initrd).startsWith("fedora initrd070701").contains("ks.cfg").contains("TRAILER!!!");
        }
    }

    @Test
    void aTreeWithoutAKnownLayoutIsRefusedNamingThePathsAskedFor() throws Exception {
        TreeServer.put(root, "mirror/README", "x");
        try (TreeServer server = new TreeServer(root, true)) {
            URI base = server.url("mirror/");
            InstallException e = refusal("--location", base.toString());
            assertThat(e.kind()).isEqualTo(InstallException.Kind.BAD_MEDIA);
            assertThat(e.problems()).singleElement().asString()
                    .startsWith("The install tree " + base + " holds no kernel and initrd that jvirt knows; it asked "
                            + "for .treeinfo, treeinfo, current/images/netboot/debian-installer/amd64/linux, ")
                    .contains("images/pxeboot/vmlinuz").endsWith("for Fedora the os directory).");
        }
    }

    @Test
    void anUnreachableServerIsOneSentenceWithTheOtherProblems() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        InstallException e = refusal("--location", "http://127.0.0.1:" + port + "/debian", "--initrd-inject",
                root.resolve("missing.cfg").toString());
        assertThat(e.problems()).containsExactly(
                "The --initrd-inject file " + root.resolve("missing.cfg") + " does not exist.",
                "The install tree http://127.0.0.1:" + port + "/debian/ cannot be read: the connection was refused; "
                        + "check the URL and that the server answers.");
    }

    @Test
    void otherUrlSchemesAreRefused() {
        assertThat(refusal("--location", "ftp://mirror/debian").problems()).singleElement().asString()
                .isEqualTo("--location ftp://mirror/debian: jvirt reads install trees over http and https only; give "
                        + "an http(s) URL, a local directory or an ISO holding the tree.");
        assertThat(refusal("--location", "http:///debian").problems()).singleElement().asString()
                .contains("is not a URL jvirt can read");
    }

    @Test
    void aFailedDownloadLeavesNothingStaged() throws Exception {
        String tree = TreeServer.debian(root);
        try (TreeServer server = new TreeServer(root, true)) {
            InstallPlan plan = plan("--location", server.url(tree).toString());
            Files.delete(root.resolve(tree + "current/images/netboot/debian-installer/amd64/initrd.gz"));
            assertThatThrownBy(() -> new InstallMediaStager().stage(plan.kernelMedia()))
                    .hasMessageStartingWith("The server answered 404 to the download of ");
            assertThat(staging).isEmptyDirectory();
        }
    }
}
