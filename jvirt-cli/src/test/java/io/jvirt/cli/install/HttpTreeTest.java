package io.jvirt.cli.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HttpTree} against a real web server on 127.0.0.1 holding Debian-like and Fedora-like trees. */
class HttpTreeTest {
    @TempDir
    Path root;

    private final HttpTree http = HttpTree.standard();

    @Test
    void aDebianMirrorsInstallerTreeIsFoundByItsNetbootLayout() throws Exception {
        String tree = TreeServer.debian(root);
        try (TreeServer server = new TreeServer(root, true)) {
            URI base = server.url(tree);
            assertThat(http.probe(base)).isEqualTo(new HttpTree.Found(base, new LocationTree.Found(
                    "Debian/Ubuntu netboot", "current/images/netboot/debian-installer/amd64/linux",
                    "current/images/netboot/debian-installer/amd64/initrd.gz")));
            assertThat(server.requests).startsWith("GET /" + tree + ".treeinfo", "GET /" + tree + "treeinfo",
                    "HEAD /" + tree + "current/images/netboot/debian-installer/amd64/linux");
        }
    }

    @Test
    void aTreeIsFetchedThroughTheProxyOfTheEnvironment() throws Exception {
        String tree = TreeServer.debian(root);
        try (TreeServer proxy = new TreeServer(root, true)) {
            // mirror.invalid cannot resolve: only the proxy (the test server, which serves the
            // tree for any host asked of it) can answer for it
            URI base = URI.create("http://mirror.invalid/" + tree);
            HttpTree viaProxy = HttpTree.withEnvironment(Map.of("http_proxy", "http://127.0.0.1:" + proxy.url("").getPort()));
            assertThat(viaProxy.probe(base)).isInstanceOf(HttpTree.Found.class);
            assertThat(proxy.requests).contains("HEAD /" + tree + "current/images/netboot/debian-installer/amd64/linux");
            assertThat(HttpTree.withEnvironment(Map.of()).probe(base)).isInstanceOf(HttpTree.Unreachable.class);
        }
    }

    @Test
    void aFedoraTreeIsFoundByWhatItsTreeinfoNames() throws Exception {
        String tree = TreeServer.fedora(root);
        try (TreeServer server = new TreeServer(root, true)) {
            URI base = server.url(tree);
            assertThat(http.probe(base)).isEqualTo(new HttpTree.Found(base, new LocationTree.Found(
                    "Fedora (.treeinfo)", "images/pxeboot/vmlinuz", "images/pxeboot/initrd.img")));
        }
    }

    @Test
    void aTreeinfoNamingUnusualPathsIsFollowed() throws Exception {
        TreeServer.put(root, "t/.treeinfo", "[general]\nfamily = Mageia\narch = x86_64\n[images-x86_64]\n"
                + "kernel = /isolinux/x86_64/vmlinuz\ninitrd = /isolinux/x86_64/all.rdz\n");
        TreeServer.put(root, "t/isolinux/x86_64/vmlinuz", "k");
        TreeServer.put(root, "t/isolinux/x86_64/all.rdz", "i");
        try (TreeServer server = new TreeServer(root, true)) {
            assertThat(http.probe(server.url("t"))).isEqualTo(new HttpTree.Found(server.url("t/"), new LocationTree.Found(
                    "Mageia (.treeinfo)", "isolinux/x86_64/vmlinuz", "isolinux/x86_64/all.rdz")));
        }
    }

    @Test
    void aServerThatRefusesHeadIsAskedForOneByteInstead() throws Exception {
        String tree = TreeServer.debian(root);
        try (TreeServer server = new TreeServer(root, false)) {
            assertThat(http.probe(server.url(tree))).isInstanceOf(HttpTree.Found.class);
            assertThat(server.requests).contains("HEAD /" + tree + "current/images/netboot/debian-installer/amd64/linux",
                    "GET /" + tree + "current/images/netboot/debian-installer/amd64/linux");
        }
    }

    @Test
    void aTreeWithNoKnownLayoutListsEveryPathAskedFor() throws Exception {
        TreeServer.put(root, "empty/README", "nothing here");
        try (TreeServer server = new TreeServer(root, true)) {
            HttpTree.Probe p = http.probe(server.url("empty/"));
            assertThat(p).isInstanceOf(HttpTree.NoLayout.class);
            assertThat(((HttpTree.NoLayout) p).tried()).startsWith(".treeinfo", "treeinfo",
                    "current/images/netboot/debian-installer/amd64/linux").contains("images/pxeboot/vmlinuz",
                    "boot/x86_64/loader/linux").hasSize(2 + LocationTree.layouts().size());
        }
    }

    @Test
    void aPortNobodyListensOnIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI base = HttpTree.base("http://127.0.0.1:" + port + "/debian");
        assertThat(http.probe(base)).isEqualTo(new HttpTree.Unreachable(base, "the connection was refused"));
    }

    @Test
    void onlyHttpAndHttpsUrlsWithAHostAreBases() {
        assertThat(HttpTree.base("http://mirror/debian")).isEqualTo(URI.create("http://mirror/debian/"));
        assertThatThrownBy(() -> HttpTree.base("http:///debian")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpTree.base("http://bad host/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void downloadsWriteTheFileAndAMissingFileIsASentence() throws Exception {
        String tree = TreeServer.debian(root);
        Path to = root.resolve("staged");
        Files.createFile(to);
        try (TreeServer server = new TreeServer(root, true)) {
            http.download(server.url(tree + "current/images/netboot/debian-installer/amd64/initrd.gz"), to);
            assertThat(Files.readString(to)).isEqualTo("debian initrd");
            URI missing = server.url(tree + "nothing");
            assertThatThrownBy(() -> http.download(missing, to))
                    .hasMessage("The server answered 404 to the download of " + missing + ".");
        }
    }
}
