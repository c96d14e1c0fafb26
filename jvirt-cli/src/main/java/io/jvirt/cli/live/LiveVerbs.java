package io.jvirt.cli.live;

import io.jvirt.cli.support.Verb;

import java.util.List;

/** The verbs of this package, by name, for {@code Main}'s registry. */
public final class LiveVerbs {
    /** The names, in help order. */
    public static final List<String> NAMES = List.of("attach-device", "detach-device", "update-device",
            "detach-device-alias", "attach-disk", "detach-disk", "attach-interface", "detach-interface",
            "change-media", "setmem", "setmaxmem", "dommemstat", "setvcpus", "vcpucount", "vcpuinfo", "vcpupin",
            "emulatorpin", "blkdeviotune", "domiftune", "blockresize", "domrename");

    private LiveVerbs() {
    }

    /** A new verb object; {@code name} is one of {@link #NAMES}. */
    public static Verb create(String name) {
        return switch (name) {
            case "attach-device" -> new AttachDeviceCommand();
            case "detach-device" -> new DetachDeviceCommand();
            case "update-device" -> new UpdateDeviceCommand();
            case "detach-device-alias" -> new DetachDeviceAliasCommand();
            case "attach-disk" -> new AttachDiskCommand();
            case "detach-disk" -> new DetachDiskCommand();
            case "attach-interface" -> new AttachInterfaceCommand();
            case "detach-interface" -> new DetachInterfaceCommand();
            case "change-media" -> new ChangeMediaCommand();
            case "setmem" -> new SetmemCommand();
            case "setmaxmem" -> new SetmaxmemCommand();
            case "dommemstat" -> new DommemstatCommand();
            case "setvcpus" -> new SetvcpusCommand();
            case "vcpucount" -> new VcpucountCommand();
            case "vcpuinfo" -> new VcpuinfoCommand();
            case "vcpupin" -> new VcpupinCommand();
            case "emulatorpin" -> new EmulatorpinCommand();
            case "blkdeviotune" -> new BlkdeviotuneCommand();
            case "domiftune" -> new DomiftuneCommand();
            case "blockresize" -> new BlockresizeCommand();
            case "domrename" -> new DomrenameCommand();
            default -> throw new IllegalArgumentException("unknown verb " + name);
        };
    }
}
