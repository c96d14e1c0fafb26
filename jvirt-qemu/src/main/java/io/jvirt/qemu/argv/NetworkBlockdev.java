package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DiskAuth;
import io.jvirt.conf.domain.NetworkSource;
import io.jvirt.conf.domain.NetworkSource.Host;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.List;

/**
 * The protocol node of a network disk, as libvirt writes it for QEMU 7.2 ({@code qemu_block.c}):
 * nbd, iscsi, curl (http, https, ftp, ftps), rbd, gluster, ssh and nfs. Credentials are never on
 * the command line: they are {@code secret} objects whose ids are given here.
 */
final class NetworkBlockdev {

    /** libvirt's default gluster debug level (its qemu.conf {@code gluster_debug_level}). */
    static final int GLUSTER_DEBUG = 4;

    private NetworkBlockdev() {
    }

    /**
     * Starts the protocol node's options.
     *
     * @param n the source
     * @param auth its credentials, or null
     * @param authSecret the id of the secret object holding the password or key, used when auth is given
     * @param cookieSecret the id of the secret object holding the cookies, used when there are cookies
     * @param what the disk, for messages
     * @return the options, driver first
     */
    static Opts props(NetworkSource n, DiskAuth auth, String authSecret, String cookieSecret, String what) {
        return switch (n.protocol()) {
            case NBD -> {
                Opts o = Opts.empty().add("driver", "nbd");
                socket(o, "server", one(n, what), what);
                yield o.add("export", n.name()).add("tls-hostname", n.tlsHostname());
            }
            case ISCSI -> {
                Host h = one(n, what);
                String name = n.name();
                int slash = name.indexOf('/');
                String target = slash < 0 ? name : name.substring(0, slash);
                String lun = slash < 0 ? "0" : name.substring(slash + 1);
                if (!lun.matches("\\d{1,9}")) {
                    throw new ArgvException(Kind.CONFLICT, "The iSCSI source of the " + what + " names the LUN '" + lun
                            + "'; write name='IQN/NUMBER'.");
                }
                String host = h.name().contains(":") ? "[" + h.name() + "]" : h.name();
                yield Opts.empty().add("driver", "iscsi").add("portal", host + ":" + h.port()).add("target", target)
                        .add("lun", Integer.parseInt(lun)).add("transport", "tcp")
                        .add("user", auth == null ? null : auth.username())
                        .add("password-secret", auth == null ? null : authSecret)
                        .add("initiator-name", n.initiatorIqn());
            }
            case HTTP, HTTPS, FTP, FTPS -> Opts.empty().add("driver", n.protocol().xml()).add("url", url(n, what))
                    .add("username", auth == null ? null : auth.username())
                    .add("password-secret", auth == null ? null : authSecret)
                    .onOff("sslverify", n.sslVerify())
                    .add("cookie-secret", n.cookies().isEmpty() ? null : cookieSecret)
                    .add("timeout", n.timeout()).add("readahead", n.readahead());
            case RBD -> {
                Opts o = Opts.empty().add("driver", "rbd").add("pool", n.poolPart()).add("image", n.imagePart())
                        .add("snapshot", n.snapshot()).add("conf", n.config());
                List<Host> hosts = n.hosts();
                for (int i = 0; i < hosts.size(); i++) {
                    Host h = hosts.get(i);
                    o.add("server." + i + ".host", h.name()).add("server." + i + ".port", h.port());
                }
                if (auth != null) {
                    o.add("user", auth.username()).add("auth-client-required.0", "cephx")
                            .add("auth-client-required.1", "none").add("key-secret", authSecret);
                }
                yield o;
            }
            case GLUSTER -> {
                Opts o = Opts.empty().add("driver", "gluster").add("volume", n.poolPart()).add("path", n.imagePart());
                List<Host> hosts = n.hosts();
                for (int i = 0; i < hosts.size(); i++) {
                    socket(o, "server." + i, hosts.get(i), what);
                }
                yield o.add("debug", GLUSTER_DEBUG);
            }
            case SSH -> {
                Host h = one(n, what);
                yield Opts.empty().add("driver", "ssh").add("path", n.name()).add("server.host", h.name())
                        .add("server.port", h.port()).add("user", auth == null ? null : auth.username());
            }
            case NFS -> Opts.empty().add("driver", "nfs").add("server.host", one(n, what).name())
                    .add("server.type", "inet").add("path", n.name())
                    .add("user", numericId(n.nfsUser(), "user", what)).add("group", numericId(n.nfsGroup(), "group", what));
            case SHEEPDOG, TFTP, VXHS -> throw new ArgvException(Kind.UNSUPPORTED, "QEMU 7.2 has no "
                    + n.protocol().xml() + " driver for the " + what + ".");
        };
    }

    /** Returns the URL curl opens: {@code protocol://host:port/name?query}. */
    static String url(NetworkSource n, String what) {
        Host h = one(n, what);
        String host = h.name().contains(":") ? "[" + h.name() + "]" : h.name();
        String path = n.name().startsWith("/") ? n.name() : "/" + n.name();
        return n.protocol().xml() + "://" + host + (h.port() == null ? "" : ":" + h.port()) + path
                + (n.query() == null ? "" : "?" + n.query());
    }

    private static Host one(NetworkSource n, String what) {
        if (n.hosts().size() != 1) {
            throw new ArgvException(Kind.CONFLICT, "The " + n.protocol().xml() + " source of the " + what
                    + " needs exactly one <host>.");
        }
        return n.hosts().getFirst();
    }

    private static void socket(Opts o, String prefix, Host h, String what) {
        switch (h.transport()) {
            case TCP -> o.add(prefix + ".type", "inet").add(prefix + ".host", h.name()).add(prefix + ".port", h.port());
            case UNIX -> o.add(prefix + ".type", "unix").add(prefix + ".path", h.socket());
            case RDMA -> throw new ArgvException(Kind.UNSUPPORTED, "QEMU's block drivers cannot use the rdma "
                    + "transport of the " + what + ".");
        }
    }

    /** libvirt turns an NFS user or group into a number: {@code +N} or {@code N} is taken as it is. */
    private static Integer numericId(String id, String kind, String what) {
        if (id == null) {
            return null;
        }
        String digits = id.startsWith("+") ? id.substring(1) : id;
        if (!digits.matches("\\d{1,9}")) {
            throw new ArgvException(Kind.UNSUPPORTED, "The NFS " + kind + " '" + id + "' of the " + what
                    + " must be numeric (+1000) for jvirt; it does not look names up on the host.");
        }
        return Integer.valueOf(digits);
    }
}
