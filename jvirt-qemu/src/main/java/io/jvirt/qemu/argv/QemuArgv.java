package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.AudioDef;
import io.jvirt.conf.domain.ChannelDef;
import io.jvirt.conf.domain.CharBackend;
import io.jvirt.conf.domain.CharSource;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.InterfaceDef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the QEMU command line for a domain: a pure function of the definition and the
 * {@link LaunchContext}, with no host I/O, so it is tested with golden files.
 *
 * <p>What the daemon must do around it:
 * <ul>
 *   <li>QEMU starts paused ({@code -S}); the daemon connects to {@link LaunchContext#qmpSocket()}
 *       and sends {@code cont} once it is done with the items below.</li>
 *   <li>VNC or SPICE with a {@code passwd}: the argv only asks for one; set the password with
 *       QMP {@code set_password} so it never appears in {@code ps} ({@link StartupCommands}).</li>
 *   <li>SPICE with {@code autoport}: reserve the ports and put them into the live definition
 *       before building the argv; read the ports QEMU listens on with {@code query-vnc} and
 *       {@code query-spice} afterwards.</li>
 *   <li>{@code currentMemory} below {@code memory}: send QMP {@code balloon} with the target in
 *       bytes. A {@code <stats period>} is set with {@code qom-set} on
 *       {@code /machine/peripheral/balloon0}, property {@code guest-stats-polling-interval}.</li>
 *   <li>{@code <os firmware>} must be resolved to a loader and variable store first
 *       ({@code io.jvirt.qemu.firmware.FirmwareResolver}), and a UEFI {@code <nvram>} that does not
 *       exist yet copied from its template.</li>
 *   <li>The primary console (first serial, else first console) listens on
 *       {@link LaunchContext#consoleSocket()} and logs to its {@code <log file>} or
 *       {@link LaunchContext#consoleLog()}; a file-type serial logs there too.</li>
 *   <li>Lifecycle: QEMU always runs with {@code -no-shutdown}, so a guest power-off leaves it
 *       paused and waiting: the daemon then either resets and continues it (a reboot it asked
 *       for) or ends it and carries out {@code on_poweroff}. {@code on_reboot=destroy} adds
 *       {@code -no-reboot}, which turns a guest reset into such a power-off.</li>
 *   <li>Memory: huge page and file-backed memory go to the directories of
 *       {@link LaunchContext#memory()}, which the daemon makes (after checking the host's reserved
 *       pages, {@link #hugepageNeedsKiB}) and removes.</li>
 *   <li>vCPUs that {@code <vcpus>} marks enabled and hotpluggable are not in {@code -smp}: the daemon
 *       plugs them with {@code device_add} before {@code cont}; it also pins and schedules QEMU's
 *       threads and sets its cgroup then.</li>
 * </ul>
 *
 * <p>Layout: every controller, implicit device and address comes from the definition, which
 * {@link io.jvirt.qemu.address.AddressAssigner} completed when it was defined; the builder only
 * reads them and refuses a definition that lacks an address or whose addresses conflict.
 */
public final class QemuArgv {

    private QemuArgv() {
    }

    /**
     * The QEMU device id of a domain's network card, as QMP commands such as {@code set_link}
     * name it: its alias, else {@code netN} by its position (its back end is {@code host} + the id).
     *
     * @param card the card
     * @param index the card's position in the definition, from 0
     * @return the id: the card's user alias, else {@code netN}
     */
    public static String nicId(InterfaceDef card, int index) {
        return NetArgs.nicId(card, index);
    }

    /**
     * The QEMU device id of a disk's drive, libvirt's alias: {@code virtio-disk1}, {@code ide0-1-0},
     * {@code sata0-0-2}, {@code scsi0-0-0-1} ({@code scsi0-0-1} on lsilogic). The disk must have its
     * address.
     *
     * @param def the definition the disk belongs to
     * @param disk the disk
     * @return the id
     */
    public static String diskId(DomainDef def, DiskDef disk) {
        return DiskArgs.deviceId(Layout.of(def), disk);
    }

    /**
     * The device id the argv gives the {@code index}th channel of a definition (libvirt's alias
     * {@code channelN}), which QEMU's events about its port name.
     */
    public static String channelDeviceId(int index) {
        return "channel" + index;
    }

    /**
     * The socket QEMU listens on for a channel (such as the guest agent's), as the argv sets it
     * up: its {@code <source path>}, else {@code NAME.sock} in the run directory.
     *
     * @param channel the channel
     * @param runDir the domain's run directory
     * @return the socket, or empty when QEMU connects to someone else's socket ({@code mode='connect'})
     *     or the channel is not a socket (spicevmc, a file)
     */
    public static Optional<Path> channelSocket(ChannelDef channel, Path runDir) {
        String own = (channel.name() != null ? channel.name() : "channel") + ".sock";
        return switch (channel.source().backend()) {
            case CharBackend.Unix u when u.mode() == CharSource.Mode.BIND ->
                    Optional.of(u.path() != null ? Path.of(u.path()) : runDir.resolve(own));
            case CharBackend.Pty p -> Optional.of(runDir.resolve(own));
            case CharBackend.Unix u -> Optional.empty();
            case CharBackend.Null n -> Optional.empty();
            case CharBackend.Vc v -> Optional.empty();
            case CharBackend.Stdio x -> Optional.empty();
            case CharBackend.SpiceVmc x -> Optional.empty();
            case CharBackend.Dev d -> Optional.empty();
            case CharBackend.File f -> Optional.empty();
            case CharBackend.Pipe p -> Optional.empty();
            case CharBackend.Tcp t -> Optional.empty();
            case CharBackend.Udp u -> Optional.empty();
            case CharBackend.SpicePort x -> Optional.empty();
            case CharBackend.QemuVdagent q -> Optional.empty();
            case CharBackend.Dbus d -> Optional.empty();
        };
    }

    /**
     * The variables QEMU's environment needs beside the argv, as libvirt sets them: the X
     * display and authority of an SDL window, SDL's audio driver, and the {@code <qemu:env>}s of
     * libvirt's QEMU namespace (a variable without a value is set empty; they come last and win).
     *
     * @param def the domain definition
     * @return the variables, usually none
     */
    public static Map<String, String> environment(DomainDef def) {
        Map<String, String> env = new TreeMap<>();
        for (GraphicsDef g : def.devices().graphics()) {
            if (g instanceof GraphicsDef.Sdl sdl) {
                if (sdl.xauth() != null) {
                    env.put("XAUTHORITY", sdl.xauth());
                }
                if (sdl.display() != null) {
                    env.put("DISPLAY", sdl.display());
                }
            }
        }
        for (AudioDef a : def.devices().audios()) {
            if (a.sdlDriver() != null) {
                env.put("SDL_AUDIODRIVER", a.sdlDriver().xml());
            }
        }
        def.qemu().env().forEach(e -> env.put(e.name(), e.value() == null ? "" : e.value()));
        return Map.copyOf(env);
    }

    /**
     * The memory that each huge page size backs in a domain, as the argv asks QEMU for it: the
     * daemon checks these against the host's reserved pages before it starts QEMU.
     *
     * @param def the definition
     * @param defaultHugepageKiB the host's default huge page size
     * @return KiB of guest memory by page size in KiB; empty when no huge pages are used
     */
    public static Map<Long, Long> hugepageNeedsKiB(DomainDef def, long defaultHugepageKiB) {
        return MemoryArgs.hugepageNeeds(def, defaultHugepageKiB);
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
        return plan(def, ctx).argv();
    }

    /**
     * What starting a domain takes besides the command line: the files QEMU reads at start
     * (secret objects such as HTTP cookies), which the daemon writes with mode 0600 first.
     *
     * @param argv the command line, element 0 the emulator
     * @param files the files to write before QEMU starts, by path
     */
    public record Plan(List<String> argv, Map<Path, String> files) {
        /** Copies the parts. */
        public Plan {
            argv = List.copyOf(argv);
            files = Map.copyOf(files);
        }
    }

    /**
     * Builds the command line and the files it needs.
     *
     * @param def the domain definition
     * @param ctx the launch context
     * @return the plan
     * @throws ArgvException when the definition cannot be realised with this driver
     */
    public static Plan plan(DomainDef def, LaunchContext ctx) {
        Layout layout = Layout.of(def);
        BootIndexes boot = BootIndexes.of(def);
        SecretObjects secrets = new SecretObjects(ctx.runDir());
        List<String> a = new ArrayList<>();
        a.add(def.devices().emulator() != null ? def.devices().emulator() : ctx.defaultEmulator());
        a.add("-name");
        a.add(Opts.empty().add("guest", def.name()).add("debug-threads", "on").toString());
        NamespaceArgs.compat(a, def.qemu());
        NamespaceArgs.refuseSecurity(def.security());
        PlatformArgs.refuseLeases(def.devices().leases());
        a.add("-S");
        MachineArgs.machine(a, def, layout, ctx);
        MachineArgs.cpu(a, def, ctx);
        FirmwareArgs.add(a, def);
        MemoryArgs.memory(a, def, ctx);
        MachineArgs.smp(a, def);
        IoThreadArgs.add(a, def);
        MemoryArgs.numa(a, def, ctx);
        a.add("-uuid");
        a.add(def.uuid().toString());
        PlatformArgs.genid(a, def);
        SmbiosArgs.add(a, def, ctx);
        a.add("-no-user-config");
        a.add("-nodefaults");
        a.add("-chardev");
        a.add(Opts.of("socket").add("id", "charmonitor").add("path", ctx.qmpSocket()).add("server", "on")
                .add("wait", "off").toString());
        a.add("-mon");
        a.add("chardev=charmonitor,id=monitor,mode=control");
        ClockArgs.add(a, def, ctx);
        MachineArgs.lifecycle(a, def);
        BootArgs.add(a, def);
        PlatformArgs.iommu(a, layout, def.devices().iommu());
        ControllerArgs.add(a, layout, def.devices().hubs());
        MemoryArgs.devices(a, layout, def, ctx);
        DiskArgs.floppyController(a, layout, def.devices().disks(), boot);
        for (DiskDef d : def.devices().disks()) {
            DiskArgs.add(a, layout, d, boot, secrets, ctx);
        }
        FilesystemArgs.add(a, layout, def.devices().filesystems(), boot, ctx);
        NetArgs.add(a, layout, def.devices().interfaces(), boot, ctx);
        UsbRedirArgs.smartcard(a, layout, def.devices(), ctx);
        CharArgs.add(a, layout, def.devices(), ctx);
        TpmArgs.add(a, def.devices().tpm(), ctx);
        InputArgs.add(a, layout, def.devices());
        AudioArgs.add(a, def.devices());
        GraphicsArgs.add(a, def.devices(), ctx);
        VideoArgs.add(a, layout, def.devices(), ctx);
        SoundArgs.add(a, layout, def.devices());
        PlatformArgs.watchdog(a, layout, def.devices().watchdog());
        UsbRedirArgs.redirdevs(a, layout, def.devices(), ctx);
        HostdevArgs.add(a, layout, def.devices().interfaces(), def.devices().hostdevs(), ctx);
        MiscArgs.balloon(a, layout, def.devices());
        MiscArgs.rngs(a, layout, def.devices(), ctx);
        PlatformArgs.panics(a, layout, def.devices().panics());
        PlatformArgs.shmems(a, layout, def.devices().shmems(), ctx);
        PlatformArgs.vsock(a, layout, def.devices().vsock());
        NamespaceArgs.overrides(a, def.qemu());
        NamespaceArgs.args(a, def.qemu());
        if (ctx.incoming()) {
            a.add("-incoming");
            a.add("defer");
        }
        a.add("-pidfile");
        a.add(ctx.pidFile().toString());
        a.add("-sandbox");
        a.add("on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
        a.add("-msg");
        a.add("timestamp=on");
        return new Plan(a, secrets.files());
    }
}
