package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.NativeConfig;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.argv.ArgvException;
import io.jvirt.qemu.argv.CommandLineText;
import io.jvirt.qemu.argv.HostHandles;
import io.jvirt.qemu.argv.LaunchContext;
import io.jvirt.qemu.argv.QemuArgv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code domxml-to-native qemu-argv}: the QEMU command line jvirtd would run for a definition,
 * rendered by the same pure argv builder a start uses ({@link QemuArgv}). A running domain's is
 * the one its QEMU was started with (its live definition and launch context). For a definition
 * that does not run, what only a start decides is filled in as libvirt's "pretend" start does:
 * the run directory the domain would get, the accelerator the host gives it, a tap name for
 * each card that has none, a descriptor number for each macvtap; those parts are listed as
 * notes. {@code domxml-from-native} is refused: libvirt's QEMU driver dropped it in 5.5.
 */
public final class NativeConfigs {
    /** libvirt's name of QEMU's native format. */
    public static final String QEMU_ARGV = "qemu-argv";

    private final DomainRegistry registry;
    private final DomainRunner runner;
    private final Function<String, DomainDef> define;

    /**
     * @param define parses and completes a definition as {@code define} does (firmware,
     *     machine alias, addresses), without storing it
     */
    NativeConfigs(DomainRegistry registry, DomainRunner runner, Function<String, DomainDef> define) {
        this.registry = registry;
        this.runner = runner;
        this.define = define;
    }

    /**
     * The native form of the domain XML {@code xml}, or of the domain {@code ref} when
     * {@code xml} is null.
     *
     * @throws DaemonException INVALID_ARGUMENT for a format other than qemu-argv or neither input,
     *     INVALID_DEFINITION for a bad definition, UNSUPPORTED when the argv builder refuses it
     */
    public NativeConfig toNative(String format, String xml, String ref) {
        if (!QEMU_ARGV.equals(format)) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "unsupported config type " + format
                    + "; jvirt converts to '" + QEMU_ARGV + "' only.");
        }
        if ((xml == null) == (ref == null)) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Give either a domain or a domain XML document "
                    + "to convert, not " + (xml == null ? "neither" : "both") + ".");
        }
        if (xml != null) {
            return pretend(define.apply(xml));
        }
        DomainObj obj = registry.lookup(ref);
        obj.job.lock();
        try {
            DomainDef live = obj.liveDef();
            if (obj.qemu() != null && live != null) {
                LaunchContext ctx = runner.context(obj);
                return render(live, ctx, List.of("the command line of the running QEMU (pid "
                        + obj.status().pid() + "), from its live definition; devices hot-plugged since were added "
                        + "over QMP, not on this line."));
            }
            return pretend(obj.persistentDef());
        } finally {
            obj.job.unlock();
        }
    }

    /** What only a start decides, filled in as libvirt's pretend start does, and noted. */
    private NativeConfig pretend(DomainDef def) {
        List<String> notes = new ArrayList<>();
        Path runDir = runner.pretendRunDir(def);
        notes.add("The run directory " + runDir + " (QMP, console and helper sockets, pid file, logs) is made when "
                + "the domain starts; QEMU starts paused (-S) and jvirtd continues it over QMP.");
        Set<String> taken = new HashSet<>();
        for (InterfaceDef n : def.devices().interfaces()) {
            if (n.targetDev() != null) {
                taken.add(n.targetDev());
            }
        }
        List<InterfaceDef> cards = new ArrayList<>();
        Map<Integer, Integer> fds = new HashMap<>();
        int nextTap = 0;
        int nextFd = 3;
        List<InterfaceDef> ifs = def.devices().interfaces();
        for (int i = 0; i < ifs.size(); i++) {
            InterfaceDef n = ifs.get(i);
            boolean tap = n.backend() instanceof NetBackend.Network || n.backend() instanceof NetBackend.Bridge
                    || n.backend() instanceof NetBackend.Ethernet;
            if (tap && n.targetDev() == null) {
                while (taken.contains("vnet" + nextTap)) {
                    nextTap++;
                }
                String name = "vnet" + nextTap;
                taken.add(name);
                notes.add("The tap device " + name + " of interface " + n.mac() + " is named and created (and "
                        + "joined to its bridge) by jvirtd when the domain starts.");
                n = n.withTargetDev(name);
            }
            if (n.backend() instanceof NetBackend.Direct) {
                fds.put(i, nextFd);
                notes.add("fd=" + nextFd + " of interface " + n.mac() + " is the macvtap device jvirtd opens when the "
                        + "domain starts; QEMU inherits it.");
                nextFd++;
            }
            cards.add(n);
        }
        for (DiskDef d : def.devices().disks()) {
            if (d.volume() != null) {
                notes.add("Disk " + d.target().dev() + " is volume '" + d.volume().volume() + "' of pool '"
                        + d.volume().pool() + "', resolved to its file when the domain starts.");
            }
        }
        for (GraphicsDef g : def.devices().graphics()) {
            if (g instanceof GraphicsDef.Vnc v && v.port() == null) {
                notes.add("The VNC port is chosen when the domain starts (jvirtd reserves a free one).");
            }
        }
        DomainDef filled = def.withDevices(def.devices().withInterfaces(cards));
        LaunchContext ctx = runner.pretendContext(filled, runDir).withHost(new HostHandles(fds, Map.of()));
        return render(filled, ctx, notes);
    }

    private static NativeConfig render(DomainDef def, LaunchContext ctx, List<String> notes) {
        QemuArgv.Plan plan;
        try {
            plan = QemuArgv.plan(def, ctx);
        } catch (ArgvException e) {
            throw new DaemonException(switch (e.kind()) {
                case UNSUPPORTED -> ErrorCode.UNSUPPORTED;
                case CONFLICT -> ErrorCode.INVALID_DEFINITION;
            }, "domain '" + def.name() + "' has no QEMU command line: " + e.getMessage(), e);
        }
        List<String> all = new ArrayList<>(notes);
        for (Path f : plan.files().keySet()) {
            all.add("The file " + f + " that the command line names is written (mode 0600) when the domain starts.");
        }
        Map<String, String> env = QemuArgv.environment(def);
        all.add("QEMU also inherits jvirtd's own environment.");
        return new NativeConfig(QEMU_ARGV, CommandLineText.render(env, plan.argv()), env, plan.argv(), all);
    }
}
