package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * The host side of a character device (serial, console, channel): its {@code type}
 * attribute, {@code <source>} and {@code <log>}.
 *
 * @param type the kind of host endpoint
 * @param path the {@code <source path>}: the file, the socket, or (for a running pty) the pty; or null
 * @param mode the {@code <source mode>} of a unix socket, or null
 * @param log the {@code <log>} element, or null
 */
public record CharSource(Type type, String path, Mode mode, Log log) {

    /** Validates the combination. */
    public CharSource {
        Checks.required(type, "The character device type");
        Checks.path(path, "The character device source path");
        if (type == Type.FILE && path == null) {
            throw new ConfException(Kind.MISSING_VALUE, "A character device of type 'file' needs a <source path>.");
        }
        if (mode != null && type != Type.UNIX) {
            throw new ConfException(Kind.CONFLICT,
                    "Only a character device of type 'unix' has a source mode, not one of type '" + type.xml() + "'.");
        }
    }

    /** The {@code type} attribute. */
    public enum Type implements XmlEnum {
        /** A pseudo terminal; jvirt exposes it as a socket the daemon relays. */
        PTY("pty"),
        /** Output appended to a file. */
        FILE("file"),
        /** A unix domain socket. */
        UNIX("unix");

        private final String xml;

        Type(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code mode} attribute of {@code <source>} for a unix socket. */
    public enum Mode implements XmlEnum {
        /** QEMU listens on the socket. */
        BIND("bind"),
        /** QEMU connects to a socket someone else listens on. */
        CONNECT("connect");

        private final String xml;

        Mode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * The {@code <log>} element: a copy of everything the guest writes.
     *
     * @param file the log file path
     * @param append whether to append to an existing file, or null for the default (truncate)
     */
    public record Log(String file, Boolean append) {
        /** Validates the path. */
        public Log {
            Checks.required(file, "The character device log file");
            Checks.path(file, "The character device log file");
        }
    }
}
