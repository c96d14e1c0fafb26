package io.jvirt.conf.domain;

/**
 * One device of a domain: an element inside {@code <devices>}. Every kind of device is a
 * record (or a sealed family of records) permitted here, so that each switch over devices
 * (the formatter, the QEMU argv builder, address assignment) is exhaustive: a new kind does
 * not compile until every one of them handles it.
 *
 * <p>To add a kind: a record implementing this interface, its place in {@link DeviceKind},
 * a reader in {@code DeviceParser}'s table, a case in {@code DeviceFormatter}, and whatever
 * the drivers make of it.
 */
public sealed interface DeviceDef permits DiskDef, ControllerDef, LeaseDef, FilesystemDef, InterfaceDef, SmartcardDef,
        SerialDef, ParallelDef, ConsoleDef, ChannelDef, InputDef, TpmDef, GraphicsDef, SoundDef, AudioDef, VideoDef,
        HostdevDef, RedirdevDef, RedirFilterDef, HubDef, WatchdogDef, MemballoonDef, RngDef, PanicDef, ShmemDef,
        MemoryDeviceDef, IommuDef, VsockDef {

    /** Returns the guest bus address of this device, or null when it has none (yet). */
    Address address();

    /**
     * Returns the user alias of this device ({@code <alias name='ua-...'>}), QEMU's id of it; null when
     * it has none or its kind keeps none. Kinds that keep one override this (a record's {@code alias}
     * component does).
     */
    default String alias() {
        return null;
    }

    /** Returns the kind of this device, which fixes its place among the devices. */
    default DeviceKind kind() {
        return DeviceKind.of(this);
    }
}
