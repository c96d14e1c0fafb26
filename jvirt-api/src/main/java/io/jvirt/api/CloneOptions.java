package io.jvirt.api;

import java.util.List;
import java.util.Set;

/**
 * virt-clone's options (and {@code --linked}): what {@code jvirt clone} sends jvirtd ({@code POST
 * /v1/clones}), which plans and makes the clone.
 *
 * @param original the original domain's name, or null with {@code originalXml}
 * @param originalXml the original's definition read from {@code --original-xml}, or null
 * @param name the new domain's name, or null to make one ({@code --auto-clone})
 * @param autoClone whether names and disk paths are made from the original's
 * @param files the new disks' paths in the order of the disks to copy ({@code --file})
 * @param nonsparse whether full copies are fully allocated
 * @param reflink whether copies share blocks with the original (FICLONE)
 * @param linked whether each new disk is a thin qcow2 overlay on the original's image
 * @param macs the new interfaces' MACs in order ({@code RANDOM} for a random one)
 * @param preserveData whether the {@code --file} paths exist already and are used as they are
 * @param skipCopy disk targets shared with the original instead of copied
 * @param forceCopy disk targets copied although virt-clone would share them (read-only, shareable)
 * @param nvram the new NVRAM path, or null for {@code DIR/NEWNAME_VARS.fd}
 * @param checksOff virt-clone's checks turned off ({@code path_exists}, {@code path_in_use},
 *     {@code disk_size}, {@code mac_in_use})
 * @param replace whether a domain that has the new name is replaced (stopped and undefined; its disks are kept)
 */
public record CloneOptions(String original, String originalXml, String name, boolean autoClone, List<String> files,
                           boolean nonsparse, boolean reflink, boolean linked, List<String> macs,
                           boolean preserveData, List<String> skipCopy, List<String> forceCopy, String nvram,
                           Set<String> checksOff, boolean replace) {

    /** The checks {@code --check} knows. */
    public static final List<String> CHECKS = List.of("path_exists", "path_in_use", "disk_size", "mac_in_use");

    /** Copies the lists. */
    public CloneOptions {
        files = files == null ? List.of() : List.copyOf(files);
        macs = macs == null ? List.of() : List.copyOf(macs);
        skipCopy = skipCopy == null ? List.of() : List.copyOf(skipCopy);
        forceCopy = forceCopy == null ? List.of() : List.copyOf(forceCopy);
        checksOff = checksOff == null ? Set.of() : Set.copyOf(checksOff);
    }

    /** Whether a check is on. */
    public boolean checks(String check) {
        return !checksOff.contains(check);
    }
}
