package io.jvirt.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvProxiesTest {
    private static List<Proxy> select(Map<String, String> env, String url) {
        return new EnvProxies(env).select(URI.create(url));
    }

    private static Proxy http(String host, int port) {
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
    }

    @Test
    void eachSchemeHasItsVariableLowerCaseFirst() {
        Map<String, String> env = Map.of("http_proxy", "http://squid.lan:3128", "HTTP_PROXY", "http://other:1",
                "HTTPS_PROXY", "proxy.lan:8443");
        assertThat(select(env, "http://deb.debian.org/debian/")).containsExactly(http("squid.lan", 3128));
        assertThat(select(env, "https://deb.debian.org/debian/")).containsExactly(http("proxy.lan", 8443));
        assertThat(select(env, "ftp://deb.debian.org/debian/")).containsExactly(Proxy.NO_PROXY);
        assertThat(new EnvProxies(env).any()).isTrue();
    }

    @Test
    void noProxyListsHostsDomainsAndPorts() {
        Map<String, String> env = Map.of("http_proxy", "http://squid.lan:3128",
                "no_proxy", "localhost, .corp.example,mirror.lan:8080,10.0.0.0/8");
        assertThat(select(env, "http://localhost/tree/")).containsExactly(Proxy.NO_PROXY);
        assertThat(select(env, "http://corp.example/tree/")).containsExactly(Proxy.NO_PROXY);
        assertThat(select(env, "http://a.b.corp.example/tree/")).containsExactly(Proxy.NO_PROXY);
        assertThat(select(env, "http://notcorp.example/tree/")).containsExactly(http("squid.lan", 3128));
        assertThat(select(env, "http://mirror.lan:8080/tree/")).containsExactly(Proxy.NO_PROXY);
        assertThat(select(env, "http://mirror.lan/tree/")).containsExactly(http("squid.lan", 3128));
        // CIDR ranges are not understood: the proxy is used
        assertThat(select(env, "http://10.1.2.3/tree/")).containsExactly(http("squid.lan", 3128));
        assertThat(select(Map.of("http_proxy", "squid:3128", "NO_PROXY", "*"), "http://x/")).containsExactly(Proxy.NO_PROXY);
    }

    @Test
    void noVariableOrABlankOneMeansNoProxy() {
        assertThat(new EnvProxies(Map.of()).any()).isFalse();
        assertThat(new EnvProxies(Map.of("http_proxy", " ")).any()).isFalse();
        assertThat(select(Map.of(), "http://deb.debian.org/")).containsExactly(Proxy.NO_PROXY);
    }
}
