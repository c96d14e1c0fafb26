package io.jvirt.daemon.domain;

import io.jvirt.conf.common.BandwidthDef;

import java.util.Map;
import java.util.Objects;

/**
 * Every change of a defined domain's devices and resources besides its lifecycle, as a value:
 * hotplug, removable media, memory and vCPUs, pinning, I/O limits, renaming. Carried by
 * {@link DomainCommand.Hotplug}; {@link HotplugService#execute} holds the logic, one exhaustive
 * switch over these records.
 */
public sealed interface HotplugCommand {

    /** Attaches the device described by {@code xml} ({@code attach-device}, {@code attach-disk}, ...). */
    record AttachDevice(String xml, Affect affect) implements HotplugCommand {
        public AttachDevice {
            Objects.requireNonNull(xml, "xml");
            Objects.requireNonNull(affect, "affect");
        }
    }

    /** Detaches the device {@code xml} matches ({@code detach-device}, {@code detach-disk}, ...). */
    record DetachDevice(String xml, Affect affect) implements HotplugCommand {
        public DetachDevice {
            Objects.requireNonNull(xml, "xml");
            Objects.requireNonNull(affect, "affect");
        }
    }

    /** Detaches the device QEMU knows as {@code alias} ({@code detach-device-alias}). */
    record DetachAlias(String alias, Affect affect) implements HotplugCommand {
        public DetachAlias {
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(affect, "affect");
        }
    }

    /**
     * Changes a device in place ({@code update-device}, {@code change-media}): a removable drive's
     * medium or tray, a card's link state or bandwidth, a display's password.
     *
     * @param force eject a medium even when the guest has locked the tray
     */
    record UpdateDevice(String xml, Affect affect, boolean force) implements HotplugCommand {
        public UpdateDevice {
            Objects.requireNonNull(xml, "xml");
            Objects.requireNonNull(affect, "affect");
        }
    }

    /** Sets the memory the guest has (the balloon target; {@code currentMemory}), in KiB ({@code setmem}). */
    record SetMemory(long kib, Affect affect) implements HotplugCommand {
        public SetMemory {
            Objects.requireNonNull(affect, "affect");
        }
    }

    /** Sets the maximum memory, in KiB; only the persistent definition ({@code setmaxmem}). */
    record SetMaxMemory(long kib, Affect affect) implements HotplugCommand {
        public SetMaxMemory {
            Objects.requireNonNull(affect, "affect");
        }
    }

    /** Sets how often the balloon reports statistics, in seconds; 0 stops it ({@code dommemstat --period}). */
    record SetMemoryStatsPeriod(int seconds, Affect affect) implements HotplugCommand {
        public SetMemoryStatsPeriod {
            Objects.requireNonNull(affect, "affect");
        }
    }

    /**
     * Sets the number of vCPUs ({@code setvcpus}).
     *
     * @param maximum set the maximum instead (persistent definition only)
     * @param guest change how many vCPUs the guest has online, through its agent
     */
    record SetVcpus(int count, Affect affect, boolean maximum, boolean guest) implements HotplugCommand {
        public SetVcpus {
            Objects.requireNonNull(affect, "affect");
        }
    }

    /** Pins a vCPU to host CPUs ({@code vcpupin}); {@code cpulist} as virsh takes it ({@code 0-2,^1}, {@code r}). */
    record PinVcpu(int vcpu, String cpulist, Affect affect) implements HotplugCommand {
        public PinVcpu {
            Objects.requireNonNull(cpulist, "cpulist");
            Objects.requireNonNull(affect, "affect");
        }
    }

    /** Pins QEMU's emulator threads to host CPUs ({@code emulatorpin}). */
    record PinEmulator(String cpulist, Affect affect) implements HotplugCommand {
        public PinEmulator {
            Objects.requireNonNull(cpulist, "cpulist");
            Objects.requireNonNull(affect, "affect");
        }
    }

    /**
     * Changes a disk's I/O limits ({@code blkdeviotune}).
     *
     * @param disk the disk's target or source
     * @param limits the limits to change, by libvirt's names ({@code total_bytes_sec}, ...); others are kept
     * @param group the throttle group, or null to keep it
     */
    record SetBlockIoTune(String disk, Map<String, Long> limits, String group, Affect affect)
            implements HotplugCommand {
        public SetBlockIoTune {
            Objects.requireNonNull(disk, "disk");
            limits = Map.copyOf(limits);
            Objects.requireNonNull(affect, "affect");
        }
    }

    /**
     * New limits for one direction of a card's traffic.
     *
     * @param rate the limits, or null for none (virsh's {@code --inbound 0})
     */
    record RateChange(BandwidthDef.Rate rate) { }

    /**
     * Changes a network card's bandwidth ({@code domiftune}).
     *
     * @param iface the card's host device or MAC address
     * @param inbound the new inbound limits, or null to keep them
     * @param outbound the new outbound limits, or null to keep them
     */
    record SetInterfaceTune(String iface, RateChange inbound, RateChange outbound, Affect affect)
            implements HotplugCommand {
        public SetInterfaceTune {
            Objects.requireNonNull(iface, "iface");
            Objects.requireNonNull(affect, "affect");
        }
    }

    /**
     * Plugs or pulls a network card's cable ({@code domif-setlink}).
     *
     * @param iface the card's tap device name or MAC address
     * @param up the new link state
     */
    record SetLink(String iface, boolean up, Affect affect) implements HotplugCommand {
        public SetLink {
            Objects.requireNonNull(iface, "iface");
            Objects.requireNonNull(affect, "affect");
        }
    }

    /** Resizes a running domain's disk image ({@code blockresize}), in bytes. */
    record ResizeBlock(String disk, long bytes) implements HotplugCommand {
        public ResizeBlock {
            Objects.requireNonNull(disk, "disk");
        }
    }

    /** Renames a shut-off domain ({@code domrename}). */
    record Rename(String newName) implements HotplugCommand {
        public Rename {
            Objects.requireNonNull(newName, "newName");
        }
    }
}
