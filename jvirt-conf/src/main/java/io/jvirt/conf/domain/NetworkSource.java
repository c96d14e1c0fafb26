package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code <source protocol name>} of a disk of type {@code network}: an image QEMU reaches by
 * itself over the network (NBD, iSCSI, HTTP(S)/FTP(S) through curl, RBD, Gluster, SSH, NFS).
 *
 * @param protocol the protocol
 * @param name the export, path or image: an NBD export (optional), {@code IQN/LUN} for iSCSI, the
 *     URL path for curl protocols, {@code POOL/IMAGE} for RBD, {@code VOLUME/PATH} for Gluster
 * @param query the query string of an HTTP(S) URL, or null
 * @param tls whether to use TLS (NBD), or null
 * @param tlsHostname the host name to check the server's certificate against, or null
 * @param hosts the servers, in order
 * @param snapshot the RBD snapshot to open, or null
 * @param config the RBD configuration file, or null
 * @param initiatorIqn the iSCSI initiator name, or null
 * @param sslVerify whether curl checks the server's certificate (HTTPS, FTPS), or null
 * @param cookies the HTTP(S) cookies sent with each request (secret: omitted from public views)
 * @param readahead curl's read-ahead in bytes, or null
 * @param timeout curl's timeout in seconds, or null
 * @param nfsUser the NFS user ({@code <identity user>}), or null
 * @param nfsGroup the NFS group ({@code <identity group>}), or null
 */
public record NetworkSource(Protocol protocol, String name, String query, Boolean tls, String tlsHostname,
                            List<Host> hosts, String snapshot, String config, String initiatorIqn, Boolean sslVerify,
                            List<Cookie> cookies, Long readahead, Long timeout, String nfsUser, String nfsGroup)
        implements DiskSource {

    private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern COOKIE_VALUE = Pattern.compile("\"?[!#-+\\--:<-\\[\\]-~]*\"?");

    /** Validates what each protocol accepts. */
    public NetworkSource {
        Checks.required(protocol, "The disk source protocol");
        hosts = Checks.list(hosts);
        cookies = Checks.list(cookies);
        Checks.noControl(name, "The disk source name");
        Checks.noControl(query, "The disk source query");
        if (name == null && protocol != Protocol.NBD) {
            throw new ConfException(Kind.MISSING_VALUE, "A disk using the " + protocol.xml()
                    + " protocol needs <source name='...'>.");
        }
        if (name != null && (protocol == Protocol.RBD || protocol == Protocol.GLUSTER)) {
            int slash = name.indexOf('/');
            if (slash <= 0 || slash == name.length() - 1) {
                throw new ConfException(Kind.INVALID_VALUE, "The " + protocol.xml() + " disk source name '"
                        + Checks.printable(name) + "' must be " + (protocol == Protocol.RBD ? "POOL/IMAGE" : "VOLUME/PATH")
                        + ".");
            }
        }
        Set<String> names = new HashSet<>();
        for (Cookie c : cookies) {
            if (!names.add(c.name())) {
                throw new ConfException(Kind.DUPLICATE, "The HTTP cookie '" + c.name() + "' is given twice.");
            }
        }
        if (readahead != null && readahead < 1) {
            throw new ConfException(Kind.INVALID_VALUE, "The disk source readahead must be 1 byte or more.");
        }
        if (timeout != null && timeout < 1) {
            throw new ConfException(Kind.INVALID_VALUE, "The disk source timeout must be 1 second or more.");
        }
    }

    /**
     * Returns the image part of a {@code POOL/IMAGE} (RBD) or {@code VOLUME/PATH} (Gluster) name.
     *
     * @return the part after the first slash, or the whole name
     */
    public String imagePart() {
        int slash = name == null ? -1 : name.indexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    /**
     * Returns the pool (RBD) or volume (Gluster) part of the name.
     *
     * @return the part before the first slash, or null
     */
    public String poolPart() {
        int slash = name == null ? -1 : name.indexOf('/');
        return slash < 0 ? null : name.substring(0, slash);
    }

    /** The {@code protocol} attribute, with the port libvirt fills in for a TCP host without one. */
    public enum Protocol implements XmlEnum {
        /** Network block device. */
        NBD("nbd", 10809),
        /** Ceph RADOS block device. */
        RBD("rbd", 0),
        /** Sheepdog (gone from QEMU 6.0). */
        SHEEPDOG("sheepdog", 7000),
        /** GlusterFS. */
        GLUSTER("gluster", 24007),
        /** iSCSI, with QEMU's own initiator. */
        ISCSI("iscsi", 3260),
        /** HTTP through curl (read-only). */
        HTTP("http", 80),
        /** HTTPS through curl (read-only). */
        HTTPS("https", 443),
        /** FTP through curl (read-only). */
        FTP("ftp", 21),
        /** FTPS through curl (read-only). */
        FTPS("ftps", 990),
        /** TFTP (gone from QEMU 2.8). */
        TFTP("tftp", 69),
        /** SSH (SFTP). */
        SSH("ssh", 22),
        /** Veritas HyperScale (gone from QEMU 5.1). */
        VXHS("vxhs", 9999),
        /** NFS through libnfs. */
        NFS("nfs", 0);

        private final String xml;
        private final int defaultPort;

        Protocol(String xml, int defaultPort) {
            this.xml = xml;
            this.defaultPort = defaultPort;
        }

        @Override
        public String xml() {
            return xml;
        }

        /** Returns the port libvirt gives a TCP host without one, or 0 for none. */
        public int defaultPort() {
            return defaultPort;
        }

        /** Returns whether QEMU reaches it through curl (read-only). */
        public boolean isCurl() {
            return switch (this) {
                case HTTP, HTTPS, FTP, FTPS -> true;
                case NBD, RBD, SHEEPDOG, GLUSTER, ISCSI, TFTP, SSH, VXHS, NFS -> false;
            };
        }
    }

    /** How a {@code <host>} is reached. */
    public enum Transport implements XmlEnum {
        /** TCP (the default, not written). */
        TCP("tcp"),
        /** A Unix socket. */
        UNIX("unix"),
        /** RDMA. */
        RDMA("rdma");

        private final String xml;

        Transport(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * A {@code <host>}: a server.
     *
     * @param name the host name or address (TCP, RDMA), or null for a Unix socket
     * @param port the port, or null
     * @param transport how it is reached; TCP when the XML names none
     * @param socket the socket path (Unix transport only), or null
     */
    public record Host(String name, Integer port, Transport transport, String socket) {
        /** Validates the combination. */
        public Host {
            Checks.required(transport, "The host transport");
            Checks.range(port, 1, 65535, "The host port");
            Checks.noControl(name, "The host name");
            if (transport == Transport.UNIX) {
                if (socket == null) {
                    throw new ConfException(Kind.MISSING_VALUE, "A <host transport='unix'> needs a socket='...'.");
                }
                Checks.path(socket, "The host socket");
            } else {
                if (socket != null) {
                    throw new ConfException(Kind.CONFLICT, "A <host> with transport '" + transport.xml()
                            + "' cannot have a socket; use transport='unix'.");
                }
                if (name == null || name.isEmpty()) {
                    throw new ConfException(Kind.MISSING_VALUE, "A <host> needs a name='...'.");
                }
            }
        }
    }

    /**
     * A {@code <cookie name>value</cookie>} sent to an HTTP(S) server.
     *
     * @param name the cookie name
     * @param value the value
     */
    public record Cookie(String name, String value) {
        /** Validates the characters HTTP allows. */
        public Cookie {
            Checks.required(name, "The cookie name");
            Checks.required(value, "The cookie value");
            if (!COOKIE_NAME.matcher(name).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The cookie name '" + Checks.printable(name)
                        + "' has characters HTTP does not allow in a cookie name.");
            }
            if (!COOKIE_VALUE.matcher(value).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The value of cookie '" + name
                        + "' has characters HTTP does not allow in a cookie value.");
            }
        }
    }
}
