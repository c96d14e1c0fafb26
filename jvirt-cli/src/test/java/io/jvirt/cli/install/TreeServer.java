package io.jvirt.cli.install;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A web server on 127.0.0.1 serving a directory, as a distribution mirror would: GET and HEAD of
 * files, 404 for anything else; optionally refusing HEAD (405) as some servers do. It records the
 * requests it answered.
 */
final class TreeServer implements AutoCloseable {
    private final HttpServer server;
    private final Path root;
    private final boolean headAllowed;
    final List<String> requests = new CopyOnWriteArrayList<>();

    TreeServer(Path root, boolean headAllowed) throws IOException {
        this.root = root;
        this.headAllowed = headAllowed;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** The URL of a path below the served directory. */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            String path = x.getRequestURI().getPath();
            requests.add(method + " " + path);
            Path file = root.resolve(path.substring(1)).normalize();
            if (method.equals("HEAD") && !headAllowed) {
                x.sendResponseHeaders(405, -1);
                return;
            }
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                x.sendResponseHeaders(404, -1);
                return;
            }
            byte[] data = Files.readAllBytes(file);
            if (method.equals("HEAD")) {
                x.getResponseHeaders().set("Content-Length", Long.toString(data.length));
                x.sendResponseHeaders(200, -1);
                return;
            }
            String range = x.getRequestHeaders().getFirst("Range");
            if ("bytes=0-0".equals(range) && data.length > 0) {
                x.getResponseHeaders().set("Content-Range", "bytes 0-0/" + data.length);
                x.sendResponseHeaders(206, 1);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(data, 0, 1);
                }
                return;
            }
            x.sendResponseHeaders(200, data.length == 0 ? -1 : data.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(data);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Writes a file of the tree. */
    static void put(Path root, String path, String content) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
    }

    /** A Debian mirror's installer tree; returns the tree's path below the root. */
    static String debian(Path root) throws IOException {
        String tree = "debian/dists/bookworm/main/installer-amd64/";
        put(root, tree + "current/images/MANIFEST", "netboot/debian-installer/amd64/linux: Debian installer\n");
        put(root, tree + "current/images/netboot/debian-installer/amd64/linux", "debian kernel");
        put(root, tree + "current/images/netboot/debian-installer/amd64/initrd.gz", "debian initrd");
        return tree;
    }

    /** A Fedora mirror's os tree with its .treeinfo; returns the tree's path below the root. */
    static String fedora(Path root) throws IOException {
        String tree = "fedora/linux/releases/39/Everything/x86_64/os/";
        put(root, tree + ".treeinfo", """
                [header]
                type = productmd.treeinfo
                version = 1.2

                [general]
                family = Fedora
                version = 39
                arch = x86_64

                [tree]
                arch = x86_64
                platforms = x86_64,xen

                [images-x86_64]
                initrd = images/pxeboot/initrd.img
                kernel = images/pxeboot/vmlinuz
                """);
        put(root, tree + "images/pxeboot/vmlinuz", "fedora kernel");
        put(root, tree + "images/pxeboot/initrd.img", "fedora initrd");
        return tree;
    }
}
