package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.CharBackend;
import io.jvirt.conf.domain.CharSource;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders the {@code -chardev} of a character device's host side, as libvirt's
 * qemuBuildChardevStr does for QEMU 7.2, with jvirt's one difference: a pty becomes a
 * socket QEMU listens on in the run directory, which the daemon relays (the guest's primary
 * console listens at {@link LaunchContext#consoleSocket()} and always keeps a log).
 */
final class Chardevs {

    /** Where TLS certificates of chardevs are, libvirt's default ({@code chardev_tls_x509_cert_dir}). */
    static final String TLS_DIR = "/etc/pki/qemu";

    private Chardevs() {
    }

    /**
     * Adds the {@code -chardev} (and the {@code -object tls-creds-x509} a TLS socket needs).
     *
     * @param argv the arguments
     * @param id the chardev id, such as {@code charserial0}
     * @param s the source
     * @param socket where a pty, or a unix socket without a path, listens
     * @param primary whether this is the guest's primary console
     * @param ctx the launch context
     */
    static void add(List<String> argv, String id, CharSource s, Path socket, boolean primary, LaunchContext ctx) {
        Opts o = switch (s.backend()) {
            case CharBackend.Null n -> Opts.of("null").add("id", id);
            case CharBackend.Vc v -> Opts.of("vc").add("id", id);
            case CharBackend.Stdio x -> Opts.of("stdio").add("id", id);
            case CharBackend.Pty p -> listen(id, primary ? ctx.consoleSocket() : socket);
            case CharBackend.Dev d -> Opts.of(id.startsWith("charparallel") ? "parallel" : "serial").add("id", id)
                    .add("path", d.path());
            case CharBackend.File f -> Opts.of("file").add("id", id).add("path", f.path()).onOff("append", f.append());
            case CharBackend.Pipe p -> Opts.of("pipe").add("id", id).add("path", p.path());
            case CharBackend.Udp u -> Opts.of("udp").add("id", id).add("host", nullToEmpty(u.connectHost()))
                    .add("port", u.connectService()).add("localaddr", nullToEmpty(u.bindHost()))
                    .add("localport", u.bindService() == null ? "0" : u.bindService());
            case CharBackend.Tcp t -> tcp(argv, id, t, s.protocol());
            case CharBackend.Unix u -> {
                if (u.mode() == CharSource.Mode.CONNECT) {
                    yield reconnect(Opts.of("socket").add("id", id).add("path", u.path()), u.reconnect());
                }
                Path path = primary ? ctx.consoleSocket() : u.path() != null ? Path.of(u.path()) : socket;
                yield listen(id, path);
            }
            case CharBackend.SpiceVmc v -> Opts.of("spicevmc").add("id", id).add("name", spicevmcName(id));
            case CharBackend.SpicePort p -> Opts.of("spiceport").add("id", id).add("name", p.channel());
            case CharBackend.QemuVdagent q -> Opts.of("qemu-vdagent").add("id", id).add("name", "vdagent")
                    .onOff("clipboard", q.clipboard())
                    .onOff("mouse", q.mouse() == null ? null : q.mouse() == CharBackend.MouseMode.CLIENT);
            case CharBackend.Dbus d -> Opts.of("dbus").add("id", id).add("name", d.channel());
        };
        if (s.log() != null) {
            o.add("logfile", s.log().file()).onOff("logappend", s.log().append());
        } else if (primary) {
            o.add("logfile", ctx.consoleLog()).add("logappend", "off");
        }
        argv.add("-chardev");
        argv.add(o.toString());
    }

    /** The spicevmc channel a device's chardev carries: the agent, a smartcard or USB redirection. */
    private static String spicevmcName(String id) {
        if (id.startsWith("charsmartcard")) {
            return "smartcard";
        }
        return id.startsWith("charredir") ? "usbredir" : "vdagent";
    }

    private static Opts tcp(List<String> argv, String id, CharBackend.Tcp t, CharBackend.Protocol protocol) {
        Opts o = Opts.of("socket").add("id", id).add("host", t.host()).add("port", t.service());
        if (protocol == CharBackend.Protocol.TELNET) {
            o.add("telnet", "on");
        }
        if (t.mode() == CharSource.Mode.BIND) {
            o.add("server", "on").add("wait", "off");
        }
        reconnect(o, t.reconnect());
        if (Boolean.TRUE.equals(t.tls())) {
            String creds = "obj" + id + "_tls0";
            argv.add("-object");
            argv.add(Opts.of("tls-creds-x509").add("id", creds).add("dir", TLS_DIR)
                    .add("endpoint", t.mode() == CharSource.Mode.BIND ? "server" : "client")
                    .add("verify-peer", "on").toString());
            o.add("tls-creds", creds);
        }
        return o;
    }

    private static Opts reconnect(Opts o, CharBackend.Reconnect r) {
        if (r != null) {
            o.add("reconnect", r.enabled() ? r.timeout() : 0);
        }
        return o;
    }

    private static Opts listen(String id, Path path) {
        return Opts.of("socket").add("id", id).add("path", path).add("server", "on").add("wait", "off");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
