package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the QEMU command line for a domain: a pure function of the definition and the
 * {@link LaunchContext}, with no host I/O, so it is tested with golden files.
 *
 * <p>The guest starts paused ({@code -S}); the daemon connects to the QMP socket at
 * {@link LaunchContext#qmpSocket()}, does what it must (VNC password, balloon target and
 * stats period) and then sends {@code cont}. QEMU exits when the guest powers off, unless
 * {@code on_poweroff} is {@code preserve}.
 */
public final class QemuArgv {

    private QemuArgv() {
    }

    /**
     * Builds the argv; element 0 is the emulator binary.
     *
     * @param def the domain definition
     * @param ctx the launch context
     * @return the immutable argument list
     * @throws ArgvException when the definition cannot be realised with this driver
     */
    public static List<String> build(DomainDef def, LaunchContext ctx) {
        Layout layout = Layout.of(def);
        List<String> a = new ArrayList<>();
        a.add(def.devices().emulator() != null ? def.devices().emulator() : ctx.defaultEmulator());
        a.add("-name");
        a.add(Opts.empty().add("guest", def.name()).add("debug-threads", "on").toString());
        a.add("-S");
        MachineArgs.machine(a, def, layout, ctx);
        MachineArgs.cpu(a, def, ctx);
        MachineArgs.firmware(a, def);
        MachineArgs.memoryAndSmp(a, def);
        a.add("-uuid");
        a.add(def.uuid().toString());
        a.add("-no-user-config");
        a.add("-nodefaults");
        a.add("-chardev");
        a.add(Opts.of("socket").add("id", "charmonitor").add("path", ctx.qmpSocket()).add("server", "on")
                .add("wait", "off").toString());
        a.add("-mon");
        a.add("chardev=charmonitor,id=monitor,mode=control");
        MachineArgs.clock(a, def, ctx);
        MachineArgs.lifecycle(a, def);
        MachineArgs.boot(a, def);
        ControllerArgs.add(a, layout);
        for (DiskDef d : def.devices().disks()) {
            DiskArgs.add(a, layout, d);
        }
        NetArgs.add(a, layout, def.devices().interfaces());
        CharArgs.add(a, layout, def.devices(), ctx);
        DisplayArgs.inputs(a, layout, def.devices());
        DisplayArgs.graphics(a, def.devices(), ctx);
        DisplayArgs.videos(a, layout, def.devices());
        MiscArgs.balloon(a, layout, def.devices());
        MiscArgs.rngs(a, layout, def.devices());
        a.add("-pidfile");
        a.add(ctx.pidFile().toString());
        a.add("-sandbox");
        a.add("on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
        a.add("-msg");
        a.add("timestamp=on");
        return List.copyOf(a);
    }
}
