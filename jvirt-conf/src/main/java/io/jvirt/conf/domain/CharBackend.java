package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.regex.Pattern;

/**
 * What a character device is connected to on the host: one record per {@code type} of
 * libvirt's character devices that QEMU supports ({@code nmdm}, FreeBSD's null modem, is
 * bhyve's only). Each record validates what libvirt's {@code virDomainChrSourceDefValidate}
 * checks at define time.
 */
public sealed interface CharBackend {

    /** Returns the {@code type} attribute of the device element. */
    CharSource.Type type();

    /** Discards everything the guest writes and never reads anything ({@code type='null'}). */
    record Null() implements CharBackend {
        @Override
        public CharSource.Type type() {
            return CharSource.Type.NULL;
        }
    }

    /** A virtual console of QEMU's own user interface ({@code type='vc'}). */
    record Vc() implements CharBackend {
        @Override
        public CharSource.Type type() {
            return CharSource.Type.VC;
        }
    }

    /** QEMU's standard input and output ({@code type='stdio'}). */
    record Stdio() implements CharBackend {
        @Override
        public CharSource.Type type() {
            return CharSource.Type.STDIO;
        }
    }

    /** A SPICE virtual machine channel ({@code type='spicevmc'}): needs spice graphics. */
    record SpiceVmc() implements CharBackend {
        @Override
        public CharSource.Type type() {
            return CharSource.Type.SPICEVMC;
        }
    }

    /**
     * A pseudo terminal ({@code type='pty'}); jvirt gives it to the guest as a socket its
     * daemon relays.
     *
     * @param path the pty or relay socket of a running domain, or null
     */
    record Pty(String path) implements CharBackend {
        /** Validates the path. */
        public Pty {
            Checks.path(path, "The pty path");
        }

        @Override
        public CharSource.Type type() {
            return CharSource.Type.PTY;
        }
    }

    /**
     * A host character device such as {@code /dev/ttyS0} or {@code /dev/parport0}
     * ({@code type='dev'}).
     *
     * @param path the device
     */
    record Dev(String path) implements CharBackend {
        /** Validates the path. */
        public Dev {
            requirePath(path, "dev");
        }

        @Override
        public CharSource.Type type() {
            return CharSource.Type.DEV;
        }
    }

    /**
     * A named pipe pair {@code PATH.in}/{@code PATH.out}, or one FIFO at {@code PATH}
     * ({@code type='pipe'}).
     *
     * @param path the pipe path
     */
    record Pipe(String path) implements CharBackend {
        /** Validates the path. */
        public Pipe {
            requirePath(path, "pipe");
        }

        @Override
        public CharSource.Type type() {
            return CharSource.Type.PIPE;
        }
    }

    /**
     * Output written to a file ({@code type='file'}).
     *
     * @param path the file
     * @param append whether to append instead of truncating, or null for the default (truncate)
     */
    record File(String path, Boolean append) implements CharBackend {
        /** Validates the path. */
        public File {
            requirePath(path, "file");
        }

        @Override
        public CharSource.Type type() {
            return CharSource.Type.FILE;
        }
    }

    /**
     * A unix domain socket ({@code type='unix'}).
     *
     * @param mode who listens: bind (QEMU) or connect (someone else); bind when no path is given
     * @param path the socket, or null for one jvirt makes in the domain's run directory
     * @param reconnect the {@code <reconnect>} of a connecting socket, or null
     */
    record Unix(CharSource.Mode mode, String path, Reconnect reconnect) implements CharBackend {
        /** Validates the combination. */
        public Unix {
            Checks.required(mode, "The unix socket mode");
            Checks.path(path, "The unix socket path");
            if (path == null && mode == CharSource.Mode.CONNECT) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "A unix character device in connect mode needs a <source path>.");
            }
            Reconnect.check(reconnect, mode);
        }

        @Override
        public CharSource.Type type() {
            return CharSource.Type.UNIX;
        }
    }

    /**
     * A TCP socket ({@code type='tcp'}).
     *
     * @param mode bind (QEMU listens) or connect
     * @param host the address or host name
     * @param service the port
     * @param tls whether to use TLS, or null for libvirt's default (qemu.conf's chardev_tls, off)
     * @param reconnect the {@code <reconnect>} of a connecting socket, or null
     */
    record Tcp(CharSource.Mode mode, String host, String service, Boolean tls, Reconnect reconnect)
            implements CharBackend {
        /** Validates the combination. */
        public Tcp {
            Checks.required(mode, "The tcp mode");
            if (host == null) {
                throw new ConfException(Kind.MISSING_VALUE, "A tcp character device needs a <source host>.");
            }
            checkService(service, true);
            Checks.noControl(host, "The tcp host");
            Reconnect.check(reconnect, mode);
        }

        @Override
        public CharSource.Type type() {
            return CharSource.Type.TCP;
        }
    }

    /**
     * A UDP socket ({@code type='udp'}): sends to the connect address, receives on the bind one.
     *
     * @param bindHost the local address, or null
     * @param bindService the local port, or null
     * @param connectHost the peer's address, or null for localhost
     * @param connectService the peer's port
     */
    record Udp(String bindHost, String bindService, String connectHost, String connectService)
            implements CharBackend {
        /** Validates the ports. */
        public Udp {
            checkService(connectService, true);
            checkService(bindService, false);
            Checks.noControl(bindHost, "The udp bind host");
            Checks.noControl(connectHost, "The udp host");
        }

        @Override
        public CharSource.Type type() {
            return CharSource.Type.UDP;
        }
    }

    /**
     * A named SPICE port channel ({@code type='spiceport'}): needs spice graphics.
     *
     * @param channel the channel name, such as {@code org.qemu.console.serial.0}
     */
    record SpicePort(String channel) implements CharBackend {
        /** Validates the channel name. */
        public SpicePort {
            checkChannel(channel);
        }

        @Override
        public CharSource.Type type() {
            return CharSource.Type.SPICEPORT;
        }
    }

    /**
     * QEMU's built-in SPICE agent ({@code type='qemu-vdagent'}), which gives the guest the
     * clipboard and mouse of a VNC or D-Bus client.
     *
     * @param clipboard whether copy and paste works, or null for QEMU's default (off)
     * @param mouse the mouse mode, or null for QEMU's default (client)
     */
    record QemuVdagent(Boolean clipboard, MouseMode mouse) implements CharBackend {
        @Override
        public CharSource.Type type() {
            return CharSource.Type.QEMU_VDAGENT;
        }
    }

    /**
     * A D-Bus display channel ({@code type='dbus'}).
     *
     * @param channel the channel name
     */
    record Dbus(String channel) implements CharBackend {
        /** Validates the channel name. */
        public Dbus {
            checkChannel(channel);
        }

        @Override
        public CharSource.Type type() {
            return CharSource.Type.DBUS;
        }
    }

    /**
     * {@code <reconnect enabled timeout>}: how a connecting socket retries after losing its peer.
     *
     * @param enabled whether to reconnect
     * @param timeout seconds between attempts, required and positive when enabled
     */
    record Reconnect(boolean enabled, Integer timeout) {
        /** Validates the timeout. */
        public Reconnect {
            if (enabled && timeout == null) {
                throw new ConfException(Kind.MISSING_VALUE, "<reconnect enabled='yes'> needs a 'timeout' in seconds.");
            }
            if (enabled && timeout == 0) {
                throw new ConfException(Kind.INVALID_VALUE, "The chardev reconnect timeout cannot be 0 seconds.");
            }
            if (!enabled && timeout != null) {
                throw new ConfException(Kind.CONFLICT, "A <reconnect enabled='no'> has no timeout; remove it.");
            }
        }

        static void check(Reconnect reconnect, CharSource.Mode mode) {
            if (reconnect != null && reconnect.enabled() && mode == CharSource.Mode.BIND) {
                throw new ConfException(Kind.CONFLICT,
                        "A character device reconnects only in connect mode, not in bind mode.");
            }
        }
    }

    /** The {@code <protocol type>} of a tcp character device (libvirt ignores it on the other types). */
    enum Protocol implements XmlEnum {
        /** Plain bytes. */
        RAW("raw"),
        /** The telnet protocol. */
        TELNET("telnet"),
        /** Telnet over TLS (as libvirt renders it for QEMU, telnet with TLS). */
        TELNETS("telnets"),
        /** TLS (as libvirt renders it for QEMU, raw with TLS). */
        TLS("tls");

        private final String xml;

        Protocol(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The mouse modes of SPICE and the QEMU vdagent. */
    enum MouseMode implements XmlEnum {
        /** The guest's pointer is moved by relative motion the server computes. */
        SERVER("server"),
        /** The client's absolute pointer position is sent to the guest. */
        CLIENT("client");

        private final String xml;

        MouseMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    private static void requirePath(String path, String type) {
        if (path == null) {
            throw new ConfException(Kind.MISSING_VALUE,
                    "A character device of type '" + type + "' needs a <source path>.");
        }
        Checks.path(path, "The " + type + " character device path");
    }

    private static void checkService(String service, boolean required) {
        if (service == null) {
            if (required) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "A network character device needs a <source service> (the port).");
            }
            return;
        }
        Checks.matches(service, Pattern.compile("[0-9]{1,5}|[A-Za-z][A-Za-z0-9-]{0,31}"), "The character device service (port)");
    }

    private static void checkChannel(String channel) {
        if (channel == null) {
            throw new ConfException(Kind.MISSING_VALUE, "A spiceport or dbus character device needs a <source channel>.");
        }
        Checks.matches(channel, Pattern.compile("[A-Za-z0-9_.-]+"), "The character device source channel");
    }
}
