package io.jvirt.cli.install;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxies of the environment, as curl, wget and virt-install's Python read them:
 * {@code http_proxy} for http URLs, {@code https_proxy} for https ones (lower case first, then
 * upper case), unless the host is listed in {@code no_proxy}: a comma-separated list of host
 * names and domains ({@code example.com} and {@code .example.com} both cover the domain and its
 * hosts), optionally with {@code :PORT}, or {@code *} for every host. Address ranges (CIDR) in
 * {@code no_proxy} are not understood, as curl before 7.86 did not, and credentials in a proxy's
 * URL are not sent (a proxy that wants them answers 407, which the command reports).
 */
final class EnvProxies extends ProxySelector {
    private final Map<String, String> env;

    /**
     * Proxies from these variables.
     *
     * @param env the environment, as {@link System#getenv()} gives it
     */
    EnvProxies(Map<String, String> env) {
        this.env = env;
    }

    /** Whether the environment names a proxy for any scheme (else the client needs no selector). */
    boolean any() {
        return variable("http_proxy") != null || variable("https_proxy") != null;
    }

    @Override
    public List<Proxy> select(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String value = switch (scheme) {
            case "http" -> variable("http_proxy");
            case "https" -> variable("https_proxy");
            default -> null;
        };
        if (value == null || uri.getHost() == null || excluded(uri)) {
            return List.of(Proxy.NO_PROXY);
        }
        URI proxy = URI.create(value.contains("://") ? value : "http://" + value);
        if (proxy.getHost() == null) {
            return List.of(Proxy.NO_PROXY);
        }
        int port = proxy.getPort() > 0 ? proxy.getPort() : "https".equals(proxy.getScheme()) ? 443 : 1080;
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // the request fails with the client's own error, which names the proxy's address
    }

    private boolean excluded(URI uri) {
        String list = variable("no_proxy");
        if (list == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        for (String raw : list.split(",")) {
            String e = raw.strip().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.equals("*")) {
                return true;
            }
            int colon = e.lastIndexOf(':');
            if (colon > 0 && e.indexOf(':') == colon && e.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                if (Integer.parseInt(e.substring(colon + 1)) != port) {
                    continue;
                }
                e = e.substring(0, colon);
            }
            String domain = e.startsWith(".") ? e.substring(1) : e;
            if (host.equals(domain) || host.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    /** A variable by its lower-case name, else its upper-case one; empty counts as unset. */
    private String variable(String lower) {
        for (String n : List.of(lower, lower.toUpperCase(Locale.ROOT))) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}
