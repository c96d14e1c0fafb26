package io.jvirt.qemu.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the guest agent reports about the guest, as immutable values ({@link AgentQueries}
 * reads them from the agent's answers). Optional members the agent leaves out are null.
 */
public final class GuestFacts {
    private GuestFacts() {
    }

    /**
     * The operating system ({@code guest-get-osinfo}).
     *
     * @param fields the agent's members in libvirt's order (id, name, pretty-name, version,
     *               version-id, machine, variant, variant-id, kernel-release, kernel-version),
     *               only those the agent gave
     */
    public record OsInfo(Map<String, String> fields) {
        public OsInfo {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** A logged-in user ({@code guest-get-users}); {@code loginTime} in seconds since the epoch. */
    public record User(String name, String domain, double loginTime) { }

    /** The guest's time zone ({@code guest-get-timezone}): its name, if known, and its offset from UTC in seconds. */
    public record Timezone(String zone, int offset) { }

    /** A PCI address (domain, bus, slot, function) as the agent reports a disk's controller. */
    public record PciAddress(int domain, int bus, int slot, int function) { }

    /**
     * Where a disk sits, as the guest sees it ({@code GuestDiskAddress}).
     *
     * @param pci the PCI address of the disk's controller (a virtio disk's own function)
     * @param busType virtio, scsi, ide, sata, ...
     * @param serial the disk's serial, if it has one
     * @param device the guest's device node (/dev/vda), if the agent knows it
     */
    public record DiskAddress(PciAddress pci, String busType, int bus, int target, int unit, String serial,
                              String device) { }

    /** A mounted file system ({@code guest-get-fsinfo}); the byte counts are null from older agents. */
    public record FileSystem(String name, String mountpoint, String type, Long totalBytes, Long usedBytes,
                             List<DiskAddress> disks) {
        public FileSystem {
            disks = List.copyOf(disks);
        }
    }

    /** A block device of the guest ({@code guest-get-disks}). */
    public record Disk(String name, boolean partition, List<String> dependencies, DiskAddress address, String alias) {
        public Disk {
            dependencies = List.copyOf(dependencies);
        }
    }

    /** An address of a guest network interface; {@code type} is ipv4 or ipv6. */
    public record IpAddress(String type, String address, int prefix) { }

    /** A network interface of the guest ({@code guest-network-get-interfaces}). */
    public record Interface(String name, String hardwareAddress, List<IpAddress> addresses) {
        public Interface {
            addresses = List.copyOf(addresses);
        }
    }

    /** Whether the guest's file systems are frozen ({@code guest-fsfreeze-status}). */
    public enum FreezeStatus { THAWED, FROZEN }
}
