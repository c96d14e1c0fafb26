package io.jvirt.cli.install;

import java.util.List;
import java.util.Set;

/**
 * What the osinfo database says about one operating system, as far as {@code jvirt install}
 * uses it: the devices it supports (its own and those inherited through {@code derives-from}
 * and {@code clones}), its firmware needs and its minimum and recommended resources.
 *
 * @param id the osinfo id (a URI such as {@code http://debian.org/debian/11}), or null for {@link #GENERIC}
 * @param shortIds the short ids, the first being the main one ({@code debian11})
 * @param name the human name
 * @param family the family ({@code linux}, {@code winnt}, ...), or null
 * @param deviceIds the ids of the supported devices (PCI ids as osinfo URIs)
 * @param efiOnly whether the OS needs UEFI on x86_64 (osinfo lists efi and marks bios unsupported)
 * @param minimumRamBytes the minimum RAM, or 0 when unknown
 * @param recommendedRamBytes the recommended RAM, or 0 when unknown
 * @param recommendedStorageBytes the recommended disk size, or 0 when unknown
 * @param recommendedCpus the recommended vCPU count, or 0 when unknown
 * @param isoVolumeIds regular expressions matching the volume ids of the OS's install ISOs
 * @param releaseDate the release date (yyyy-mm-dd), or "" when unknown
 */
record OsInfo(String id, List<String> shortIds, String name, String family, Set<String> deviceIds, boolean efiOnly,
              long minimumRamBytes, long recommendedRamBytes, long recommendedStorageBytes, int recommendedCpus,
              List<String> isoVolumeIds, String releaseDate) {

    /** virt-install's {@code generic}: no devices known, so the most compatible defaults. */
    static final OsInfo GENERIC = new OsInfo(null, List.of("generic"), "Generic default", null, Set.of(), false,
            0, 0, 0, 0, List.of(), "");

    private static final String PCI = "http://pcisig.com/pci/";

    /** Returns the main short id. */
    String shortId() {
        return shortIds.getFirst();
    }

    /** Returns whether this is {@link #GENERIC}. */
    boolean isGeneric() {
        return id == null;
    }

    /** Returns whether this is a Windows. */
    boolean isWindows() {
        return "winnt".equals(family) || "win9x".equals(family) || "win16".equals(family);
    }

    private boolean any(String... ids) {
        for (String d : ids) {
            if (deviceIds.contains(d)) {
                return true;
            }
        }
        return false;
    }

    /** virtio-block (legacy or 1.0). */
    boolean virtioDisk() {
        return any(PCI + "1af4/1001", PCI + "1af4/1042");
    }

    /** virtio-net (legacy or 1.0). */
    boolean virtioNet() {
        return any(PCI + "1af4/1000", PCI + "1af4/1041");
    }

    /** virtio-net 1.0, osinfo's proxy for virtio 1.0 as a whole. */
    boolean virtio1() {
        return any(PCI + "1af4/1041");
    }

    /** virtio-rng. */
    boolean virtioRng() {
        return any(PCI + "1af4/1005", PCI + "1af4/1044");
    }

    /** virtio-gpu. */
    boolean virtioGpu() {
        return any(PCI + "1af4/1050");
    }

    /** virtio-balloon. */
    boolean virtioBalloon() {
        return any(PCI + "1af4/1002", PCI + "1af4/1045");
    }

    /** virtio-serial. */
    boolean virtioSerial() {
        return any(PCI + "1af4/1003", PCI + "1af4/1043");
    }

    /** virtio-scsi. */
    boolean virtioScsi() {
        return any(PCI + "1af4/1004", PCI + "1af4/1048");
    }

    /** qemu-xhci (USB 3). */
    boolean usb3() {
        return any(PCI + "1b36/0004");
    }

    /** The q35 chipset, as virt-install decides it: q35 listed, and virtio 1.0 when virtio-net is. */
    boolean q35() {
        if (virtioNet() && !virtio1()) {
            return false;
        }
        return any("http://qemu.org/chipset/x86/q35");
    }

    /** Whether UEFI is required: osinfo says so, or the OS is Windows 11 (virt-install's own rule). */
    boolean requiresEfi() {
        return efiOnly || shortIds.contains("win11");
    }

    /** The clock offset virt-install picks: localtime for Windows, else utc. */
    String clockOffset() {
        return isWindows() ? "localtime" : "utc";
    }
}
