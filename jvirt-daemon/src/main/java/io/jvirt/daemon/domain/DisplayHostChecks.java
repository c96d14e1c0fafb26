package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.AudioDef;
import io.jvirt.conf.domain.CharBackend;
import io.jvirt.conf.domain.CharSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.InputDef;
import io.jvirt.conf.domain.SmartcardDef;
import io.jvirt.conf.domain.VideoDef;
import io.jvirt.daemon.DaemonException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the displays, sound, inputs and character devices of a definition need from this host,
 * checked before anything starts so that a start fails with one sentence naming what to
 * install or configure: the QEMU modules Debian ships outside qemu-system-x86 (SDL and
 * PulseAudio, JACK and SDL audio are in qemu-system-gui), the host's input and GPU render
 * devices, TLS certificates, the NSS database of an emulated smartcard. libvirt leaves most of
 * these to QEMU's own error at start; the checks here say what to do about it.
 */
final class DisplayHostChecks {

    /** Where Debian's QEMU keeps its loadable modules. */
    static final Path MODULE_DIR = Path.of("/usr/lib/x86_64-linux-gnu/qemu");
    /** The modules Debian ships in qemu-system-gui rather than qemu-system-x86. */
    static final Set<String> GUI_MODULES = Set.of("ui-sdl", "ui-gtk", "audio-pa", "audio-sdl", "audio-jack");
    /** The QEMU whose modules those are. */
    static final String SYSTEM_QEMU = "/usr/bin/qemu-system-x86_64";

    /** The host's files, a seam for tests. */
    interface HostFiles {
        /** Returns whether the path exists. */
        boolean exists(Path p);

        /** Returns the GPU render nodes ({@code /dev/dri/renderD*}). */
        List<Path> renderNodes();

        /** The real host. */
        HostFiles SYSTEM = new HostFiles() {
            @Override
            public boolean exists(Path p) {
                return Files.exists(p);
            }

            @Override
            public List<Path> renderNodes() {
                try (Stream<Path> s = Files.list(Path.of("/dev/dri"))) {
                    return s.filter(p -> p.getFileName().toString().startsWith("renderD")).sorted().toList();
                } catch (java.io.IOException noGpu) {
                    return List.of();
                }
            }
        };
    }

    private DisplayHostChecks() {
    }

    /**
     * Refuses a start this host cannot carry out, naming everything missing at once.
     *
     * @param def the definition about to start
     * @param host the host
     */
    static void beforeStart(DomainDef def, HostFiles host) {
        List<String> problems = new ArrayList<>();
        modules(def, host, problems);
        devices(def, host, problems);
        certificates(def, host, problems);
        if (!problems.isEmpty()) {
            // a serial console shares its serial port's source: say each thing once
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + def.name() + "' cannot start: "
                    + String.join("; ", new LinkedHashSet<>(problems)) + ".");
        }
    }

    /** The QEMU modules the definition needs, by the Debian package that has them. */
    private static void modules(DomainDef def, HostFiles host, List<String> problems) {
        String emulator = def.devices().emulator() == null ? SYSTEM_QEMU : def.devices().emulator();
        if (!emulator.equals(SYSTEM_QEMU) || !host.exists(MODULE_DIR)) {
            return; // another QEMU, or one built without modules: QEMU itself will say what it lacks
        }
        Set<String> needed = new LinkedHashSet<>();
        for (GraphicsDef g : def.devices().graphics()) {
            switch (g) {
                case GraphicsDef.Sdl s -> needed.add("ui-sdl");
                case GraphicsDef.Spice s -> needed.add("ui-spice-core");
                case GraphicsDef.EglHeadless e -> needed.add("ui-egl-headless");
                case GraphicsDef.Dbus d -> needed.add("ui-dbus");
                case GraphicsDef.Vnc v -> {
                    // built in
                }
            }
        }
        for (AudioDef a : def.devices().audios()) {
            switch (a.type()) {
                case ALSA -> needed.add("audio-alsa");
                case OSS -> needed.add("audio-oss");
                case PULSEAUDIO -> needed.add("audio-pa");
                case SDL -> needed.add("audio-sdl");
                case JACK -> needed.add("audio-jack");
                case SPICE -> needed.add("audio-spice");
                case DBUS -> needed.add("audio-dbus");
                case COREAUDIO -> problems.add("its audio back end " + a.id() + " is macOS's Core Audio, which QEMU "
                        + "on Linux does not have; use pulseaudio, alsa or none");
                case NONE, FILE -> {
                    // built in
                }
            }
        }
        for (VideoDef v : def.devices().videos()) {
            switch (v.model()) {
                case QXL -> needed.add("hw-display-qxl");
                case VIRTIO -> needed.add("hw-display-virtio-gpu");
                case VGA, CIRRUS, VMVGA, BOCHS, RAMFB, NONE -> {
                    // built in
                }
            }
        }
        if (!def.devices().redirdevs().isEmpty()) {
            needed.add("hw-usb-redirect");
        }
        if (!def.devices().smartcards().isEmpty()) {
            needed.add("hw-usb-smartcard");
        }
        if (sources(def).stream().anyMatch(s -> s.type() == CharSource.Type.SPICEVMC
                || s.type() == CharSource.Type.SPICEPORT)) {
            needed.add("chardev-spice");
        }
        List<String> missing = new ArrayList<>();
        Set<String> packages = new LinkedHashSet<>();
        for (String m : needed) {
            if (!host.exists(MODULE_DIR.resolve(m + ".so"))) {
                missing.add(m);
                packages.add(GUI_MODULES.contains(m) ? "qemu-system-gui" : "qemu-system-x86");
            }
        }
        if (!missing.isEmpty()) {
            problems.add("QEMU lacks the module" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + "; install " + String.join(" and ", packages));
        }
    }

    /** Host input devices and GPU render nodes. */
    private static void devices(DomainDef def, HostFiles host, List<String> problems) {
        for (InputDef in : def.devices().inputs()) {
            if (in.source() != null && !host.exists(Path.of(in.source().path()))) {
                problems.add("the " + in.type().xml() + " input reads " + in.source().path()
                        + ", which does not exist on this host");
            }
        }
        List<String> nodes = new ArrayList<>();
        boolean gl = false;
        for (GraphicsDef g : def.devices().graphics()) {
            switch (g) {
                case GraphicsDef.Spice s -> {
                    gl |= Boolean.TRUE.equals(s.options().gl());
                    addIfSet(nodes, Boolean.TRUE.equals(s.options().gl()) ? s.options().rendernode() : null);
                }
                case GraphicsDef.EglHeadless e -> {
                    gl = true;
                    addIfSet(nodes, e.rendernode());
                }
                case GraphicsDef.Dbus d -> {
                    gl |= Boolean.TRUE.equals(d.gl());
                    addIfSet(nodes, d.rendernode());
                }
                case GraphicsDef.Sdl s -> gl |= Boolean.TRUE.equals(s.gl());
                case GraphicsDef.Vnc v -> {
                    // no OpenGL
                }
            }
        }
        for (VideoDef v : def.devices().videos()) {
            if (v.acceleration() != null) {
                gl |= Boolean.TRUE.equals(v.acceleration().accel3d());
                addIfSet(nodes, v.acceleration().rendernode());
            }
            if (v.backend() == VideoDef.Backend.VHOSTUSER) {
                problems.add("its video device uses <driver name='vhostuser'>, a vhost-user-gpu process jvirt does not "
                        + "run; use <driver name='qemu'> (the default)");
            }
        }
        for (String n : nodes) {
            if (!host.exists(Path.of(n))) {
                problems.add("the render node " + n + " does not exist on this host");
            }
        }
        if (gl && nodes.isEmpty() && host.renderNodes().isEmpty()) {
            problems.add("OpenGL rendering needs a GPU render node (/dev/dri/renderD*), and this host has none; turn "
                    + "<gl> and accel3d off");
        }
    }

    private static void addIfSet(List<String> nodes, String node) {
        if (node != null) {
            nodes.add(node);
        }
    }

    /** TLS certificates of SPICE and of TLS character devices, and an emulated smartcard's NSS database. */
    private static void certificates(DomainDef def, HostFiles host, List<String> problems) {
        for (GraphicsDef g : def.devices().graphics()) {
            if (g instanceof GraphicsDef.Spice s && s.tlsPort() != null && s.tlsPort() != 0) {
                requireAll(host, problems, "SPICE TLS", Path.of("/etc/pki/libvirt-spice"), "ca-cert.pem",
                        "server-cert.pem", "server-key.pem");
            }
        }
        for (CharSource s : sources(def)) {
            if (s.backend() instanceof CharBackend.Tcp t && Boolean.TRUE.equals(t.tls())) {
                boolean server = t.mode() == CharSource.Mode.BIND;
                requireAll(host, problems, "character device TLS", Path.of("/etc/pki/qemu"), "ca-cert.pem",
                        server ? "server-cert.pem" : "client-cert.pem", server ? "server-key.pem" : "client-key.pem");
            }
        }
        for (SmartcardDef sc : def.devices().smartcards()) {
            Path db = switch (sc.mode()) {
                case HOST -> Path.of("/etc/pki/nssdb");
                case HOST_CERTIFICATES -> Path.of(sc.database() == null ? "/etc/pki/nssdb" : sc.database());
                case PASSTHROUGH -> null;
            };
            if (db != null && !host.exists(db)) {
                problems.add("its smartcard emulates a card from the NSS database " + db + ", which does not exist "
                        + "(create it with certutil -N -d sql:" + db + ")");
            }
        }
    }

    private static void requireAll(HostFiles host, List<String> problems, String what, Path dir, String... files) {
        List<String> missing = new ArrayList<>();
        for (String f : files) {
            if (!host.exists(dir.resolve(f))) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            problems.add(what + " needs " + String.join(", ", missing) + " in " + dir + ", which "
                    + (missing.size() == 1 ? "is" : "are") + " missing");
        }
    }

    private static List<CharSource> sources(DomainDef def) {
        List<CharSource> out = new ArrayList<>();
        def.devices().serials().forEach(s -> out.add(s.source()));
        def.devices().parallels().forEach(p -> out.add(p.source()));
        def.devices().consoles().forEach(c -> out.add(c.source()));
        def.devices().channels().forEach(c -> out.add(c.source()));
        def.devices().redirdevs().forEach(r -> out.add(r.source()));
        def.devices().smartcards().stream().filter(s -> s.passthrough() != null).forEach(s -> out.add(s.passthrough()));
        return out;
    }
}
