package io.jvirt.conf.domain;

import io.jvirt.conf.domain.NetworkSource.Protocol;
import io.jvirt.conf.xml.XmlCursor;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code <source protocol>} of a network disk. */
final class NetworkSourceParser {

    private NetworkSourceParser() {
    }

    static NetworkSource network(XmlCursor src) {
        Protocol protocol = src.requireEnumAttr("protocol", Protocol.class);
        String name = src.attr("name");
        String query = src.attr("query");
        Boolean tls = src.yesNoAttr("tls");
        String tlsHostname = src.attr("tlsHostname");
        List<NetworkSource.Host> hosts = new ArrayList<>();
        for (XmlCursor h : src.children("host")) {
            hosts.add(host(h, protocol));
        }
        String snapshot = nameOf(src.child("snapshot"), "name");
        String config = nameOf(src.child("config"), "file");
        String iqn = null;
        XmlCursor init = src.child("initiator");
        if (init != null) {
            iqn = nameOf(init.child("iqn"), "name");
            init.finish();
        }
        Boolean sslVerify = null;
        XmlCursor ssl = src.child("ssl");
        if (ssl != null) {
            sslVerify = ssl.yesNoAttr("verify");
            ssl.finish();
        }
        List<NetworkSource.Cookie> cookies = new ArrayList<>();
        XmlCursor cs = src.child("cookies");
        if (cs != null) {
            for (XmlCursor c : cs.children("cookie")) {
                String cname = c.requireAttr("name");
                String value = c.requireText();
                c.finish();
                cookies.add(c.build(() -> new NetworkSource.Cookie(cname, value)));
            }
            cs.finish();
        }
        Long readahead = longOf(src.child("readahead"), "size");
        Long timeout = longOf(src.child("timeout"), "seconds");
        String user = null;
        String group = null;
        XmlCursor id = src.child("identity");
        if (id != null) {
            user = id.attr("user");
            group = id.attr("group");
            id.finish();
        }
        String fi = iqn;
        Boolean fs = sslVerify;
        String fu = user;
        String fg = group;
        return src.build(() -> new NetworkSource(protocol, name, query, tls, tlsHostname, hosts, snapshot, config, fi,
                fs, cookies, readahead, timeout, fu, fg));
    }

    private static NetworkSource.Host host(XmlCursor h, Protocol protocol) {
        NetworkSource.Transport transport = h.enumAttr("transport", NetworkSource.Transport.class);
        NetworkSource.Transport t = transport == null ? NetworkSource.Transport.TCP : transport;
        String socket = h.attr("socket");
        String name = t == NetworkSource.Transport.UNIX ? null : h.attr("name");
        if (t == NetworkSource.Transport.UNIX) {
            h.notApplicable("a host with transport 'unix'", "name", "port");
        }
        Integer port = t == NetworkSource.Transport.UNIX ? null : h.intAttr("port", 65535);
        h.finish();
        // libvirt fills in the protocol's port for a TCP host without one
        Integer p = port == null && t == NetworkSource.Transport.TCP && protocol.defaultPort() > 0
                ? Integer.valueOf(protocol.defaultPort()) : port;
        if (p != null && p == 0) {
            throw h.invalid("port", "0", "expected a port from 1 to 65535");
        }
        return h.build(() -> new NetworkSource.Host(name, p, t, socket));
    }

    private static String nameOf(XmlCursor c, String attr) {
        if (c == null) {
            return null;
        }
        String v = c.requireAttr(attr);
        c.finish();
        return v;
    }

    private static Long longOf(XmlCursor c, String attr) {
        if (c == null) {
            return null;
        }
        c.requireAttr(attr);
        Long v = c.longAttr(attr, Long.MAX_VALUE);
        c.finish();
        if (v == 0) {
            throw c.invalid(attr, "0", "expected a number of 1 or more");
        }
        return v;
    }
}
