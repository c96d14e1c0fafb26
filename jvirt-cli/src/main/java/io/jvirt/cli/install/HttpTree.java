package io.jvirt.cli.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An install tree on a web server ({@code --location http://...}), read with {@code java.net.http}
 * as virt-install's urldetect reads one: the tree's {@code .treeinfo} (or {@code treeinfo}) first,
 * then the kernel and initrd paths of the layouts {@link LocationTree} knows, each asked for with
 * a HEAD request. {@link #download} fetches the files found into the staging directory.
 */
final class HttpTree {
    private static final Duration CONNECT = Duration.ofSeconds(20);
    private static final Duration PROBE = Duration.ofSeconds(60);

    /** What probing a URL found. */
    sealed interface Probe {
    }

    /**
     * A known layout.
     *
     * @param base the tree's root, ending with a slash
     * @param files the kernel and initrd, relative to {@code base}
     */
    record Found(URI base, LocationTree.Found files) implements Probe {
    }

    /**
     * The server answers, but no layout matched.
     *
     * @param base the tree's root
     * @param tried the paths asked for, relative to {@code base}, in order
     */
    record NoLayout(URI base, List<String> tried) implements Probe {
        /** Copies the list. */
        NoLayout {
            tried = List.copyOf(tried);
        }
    }

    /**
     * The server could not be asked at all.
     *
     * @param base the tree's root
     * @param why what went wrong, a clause such as "the connection was refused"
     */
    record Unreachable(URI base, String why) implements Probe {
    }

    private final HttpClient http;

    /**
     * A reader using this client.
     *
     * @param http the client
     */
    HttpTree(HttpClient http) {
        this.http = http;
    }

    /**
     * A reader with the usual settings: redirects followed (never from https to http), the
     * system's trust store, and the proxies of the environment ({@link EnvProxies}).
     */
    static HttpTree standard() {
        return withEnvironment(System.getenv());
    }

    /** {@link #standard()} with the proxies of {@code env}. */
    static HttpTree withEnvironment(Map<String, String> env) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(CONNECT).followRedirects(HttpClient.Redirect.NORMAL);
        EnvProxies proxies = new EnvProxies(env);
        if (proxies.any()) {
            b.proxy(proxies);
        }
        return new HttpTree(b.build());
    }

    /**
     * The tree's root as a URI ending with a slash, so that paths resolve below it.
     *
     * @param location the {@code --location} value
     * @return the URI
     * @throws IllegalArgumentException when it is no http or https URL with a host
     */
    static URI base(String location) {
        URI u = URI.create(location.endsWith("/") ? location : location + "/");
        if (u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
            throw new IllegalArgumentException("no http or https URL with a host");
        }
        return u;
    }

    /**
     * Looks for a known layout.
     *
     * @param root the tree's root (a slash is added when it lacks one, so that paths resolve below it)
     * @return what was found
     */
    Probe probe(URI root) {
        URI base = root.getPath().endsWith("/") ? root : URI.create(root + "/");
        List<String> tried = new ArrayList<>();
        try {
            for (String name : List.of(".treeinfo", "treeinfo")) {
                tried.add(name);
                String text = text(base.resolve(name));
                LocationTree.Found f = text == null ? null : TreeInfo.kernelAndInitrd(text);
                if (f != null && present(base, f, tried)) {
                    return new Found(base, f);
                }
            }
            for (LocationTree.Found f : LocationTree.layouts()) {
                if (present(base, f, tried)) {
                    return new Found(base, f);
                }
            }
            return new NoLayout(base, tried);
        } catch (IOException e) {
            return new Unreachable(base, why(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unreachable(base, "the probe was interrupted");
        }
    }

    /**
     * Downloads one file of the tree.
     *
     * @param url the file
     * @param to where to write it (an existing file is overwritten, keeping its permissions)
     * @throws IOException when the server refuses it or the transfer fails, with a whole sentence
     */
    void download(URI url, Path to) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(url).GET().build();
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("The download of " + url + " was interrupted.", e);
        } catch (IOException e) {
            throw new IOException("The download of " + url + " failed: " + why(e) + ".", e);
        }
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                throw new IOException("The server answered " + resp.statusCode() + " to the download of " + url + ".");
            }
            try (OutputStream out = Files.newOutputStream(to)) {
                in.transferTo(out);
            }
        }
    }

    /**
     * A reader of the tree's small text files for OS detection ({@code .treeinfo}, {@code MANIFEST}
     * and the like): a file the server does not answer 200 for reads as null; once the server cannot
     * be asked at all, every later file reads as null without asking again (the location check
     * reports the server).
     *
     * @param base the tree's root, ending with a slash
     * @return the reader
     */
    TreeOsDetect.Reader reader(URI base) {
        AtomicBoolean unreachable = new AtomicBoolean();
        return path -> {
            if (unreachable.get()) {
                return null;
            }
            try {
                return text(base.resolve(path));
            } catch (IOException e) {
                unreachable.set(true);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unreachable.set(true);
                return null;
            }
        };
    }

    /** Whether the server has both files; the paths asked for are added to {@code tried}. */
    private boolean present(URI base, LocationTree.Found f, List<String> tried) throws IOException, InterruptedException {
        tried.add(f.kernel());
        if (!exists(base.resolve(f.kernel()))) {
            return false;
        }
        tried.add(f.initrd());
        return exists(base.resolve(f.initrd()));
    }

    /** The body of a 200 answer, or null for any other status. */
    private String text(URI url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).timeout(PROBE).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode() == 200 ? new String(r.body(), StandardCharsets.UTF_8) : null;
    }

    /** Whether the server has the file: HEAD, or a one-byte GET where HEAD is not allowed. */
    private boolean exists(URI url) throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(PROBE)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 405 || r.statusCode() == 501) {
            r = http.send(HttpRequest.newBuilder(url).timeout(PROBE).header("Range", "bytes=0-0").GET().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        return r.statusCode() == 200 || r.statusCode() == 206;
    }

    /** A clause saying why a request failed. */
    static String why(IOException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return switch (e) {
            case HttpConnectTimeoutException c -> "the connection timed out after " + CONNECT.toSeconds() + " s";
            case HttpTimeoutException c -> "the server did not answer within " + PROBE.toSeconds() + " s";
            case ConnectException c when c.getCause() instanceof UnresolvedAddressException ->
                    "its host name does not resolve";
            case ConnectException c -> c.getMessage() == null || c.getMessage().contains("refused")
                    ? "the connection was refused" : c.getMessage().strip();
            case UnknownHostException c -> "its host name does not resolve";
            default -> t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        };
    }
}
