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
public sealed interface DeviceDef permits DiskDef, ControllerDef, InterfaceDef, SmartcardDef, SerialDef, ParallelDef,
        ConsoleDef, ChannelDef, InputDef, GraphicsDef, SoundDef, AudioDef, VideoDef, RedirdevDef, RedirFilterDef, HubDef,
        MemballoonDef, RngDef, MemoryDeviceDef,
        LeaseDef, HostdevDef, WatchdogDef, PanicDef, ShmemDef, IommuDef, VsockDef {

    /** Returns the guest bus address of this device, or null when it has none (yet). */
    Address address();

    /** Returns the kind of this device, which fixes its place among the devices. */
    default DeviceKind kind() {
        return DeviceKind.of(this);
    }
}
