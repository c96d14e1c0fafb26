package io.jvirt.conf.domain;

/**
 * The kinds of device, in the order libvirt writes them inside {@code <devices>}; a domain's
 * devices are kept in this order, and in document order within one kind.
 */
public enum DeviceKind {
    /** {@code <disk>}. */
    DISK("disk"),
    /** {@code <controller>}. */
    CONTROLLER("controller"),
    /** {@code <lease>}. */
    LEASE("lease"),
    /** {@code <filesystem>}. */
    FILESYSTEM("filesystem"),
    /** {@code <interface>}. */
    INTERFACE("interface"),
    /** {@code <smartcard>}. */
    SMARTCARD("smartcard"),
    /** {@code <serial>}. */
    SERIAL("serial"),
    /** {@code <parallel>}. */
    PARALLEL("parallel"),
    /** {@code <console>}. */
    CONSOLE("console"),
    /** {@code <channel>}. */
    CHANNEL("channel"),
    /** {@code <input>}. */
    INPUT("input"),
    /** {@code <tpm>}. */
    TPM("tpm"),
    /** {@code <graphics>}. */
    GRAPHICS("graphics"),
    /** {@code <sound>}. */
    SOUND("sound"),
    /** {@code <audio>}. */
    AUDIO("audio"),
    /** {@code <video>}. */
    VIDEO("video"),
    /** {@code <hostdev>}. */
    HOSTDEV("hostdev"),
    /** {@code <redirdev>}. */
    REDIRDEV("redirdev"),
    /** {@code <redirfilter>}. */
    REDIRFILTER("redirfilter"),
    /** {@code <hub>}. */
    HUB("hub"),
    /** {@code <watchdog>}. */
    WATCHDOG("watchdog"),
    /** {@code <memballoon>}. */
    MEMBALLOON("memballoon"),
    /** {@code <rng>}. */
    RNG("rng"),
    /** {@code <panic>}. */
    PANIC("panic"),
    /** {@code <shmem>}. */
    SHMEM("shmem"),
    /** {@code <memory>}. */
    MEMORY("memory"),
    /** {@code <iommu>}. */
    IOMMU("iommu"),
    /** {@code <vsock>}. */
    VSOCK("vsock");

    private final String element;

    DeviceKind(String element) {
        this.element = element;
    }

    /** Returns the element name. */
    public String element() {
        return element;
    }

    /**
     * Returns the kind of a device.
     *
     * @param device the device
     * @return its kind
     */
    public static DeviceKind of(DeviceDef device) {
        return switch (device) {
            case DiskDef d -> DISK;
            case ControllerDef c -> CONTROLLER;
            case FilesystemDef f -> FILESYSTEM;
            case InterfaceDef i -> INTERFACE;
            case SmartcardDef s -> SMARTCARD;
            case SerialDef s -> SERIAL;
            case ParallelDef p -> PARALLEL;
            case ConsoleDef c -> CONSOLE;
            case ChannelDef c -> CHANNEL;
            case InputDef i -> INPUT;
            case TpmDef t -> TPM;
            case GraphicsDef g -> GRAPHICS;
            case SoundDef s -> SOUND;
            case AudioDef a -> AUDIO;
            case VideoDef v -> VIDEO;
            case RedirdevDef r -> REDIRDEV;
            case RedirFilterDef r -> REDIRFILTER;
            case MemballoonDef m -> MEMBALLOON;
            case RngDef r -> RNG;
            case HubDef h -> HUB;
            case MemoryDeviceDef m -> MEMORY;
            case LeaseDef l -> LEASE;
            case HostdevDef h -> HOSTDEV;
            case WatchdogDef w -> WATCHDOG;
            case PanicDef p -> PANIC;
            case ShmemDef s -> SHMEM;
            case IommuDef i -> IOMMU;
            case VsockDef v -> VSOCK;
        };
    }
}
