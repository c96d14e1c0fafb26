package io.jvirt.daemon.clone;

import io.jvirt.api.CloneOptions;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.ConfChecks;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.OsDef;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.conf.domain.TpmDef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns clone options and the original's definition into a {@link ClonePlan}, as virt-clone 4.1
 * does: a new name (given or {@code NAME-clone}), UUID and MACs, no title, fixed display ports made
 * automatic, each disk copied to a new path (given by {@code --file} in disk order or made from the
 * original's) unless it is empty, read-only or shareable (and not named by {@code --force-copy}) or
 * named by {@code --skip-copy}, and the NVRAM moved to {@code DIR/NEWNAME_VARS.fd}. With
 * {@code --replace}, a domain that has the new name is to be stopped and undefined. Pure: every fact about the host comes from the
 * {@link CloneWorld}. All problems are reported at once.
 */
public final class ClonePlanner {
    private ClonePlanner() {
    }

    /**
     * The plan.
     *
     * @param o the options
     * @param original the original's definition
     * @param state the original's state ({@code shut off}, {@code paused}, {@code running}...), or null
     *     when it comes from {@code --original-xml} of a domain jvirtd does not know
     * @param world facts about the host
     * @return the plan
     * @throws CloneException listing every problem
     */
    public static ClonePlan plan(CloneOptions o, DomainDef original, String state, CloneWorld world) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (state != null && !state.equals("shut off") && !state.equals("paused")) {
            problems.add("Domain '" + original.name() + "' is " + state + "; shut it down (jvirt shutdown "
                    + original.name() + ") or pause it (jvirt suspend " + original.name() + ") before cloning it.");
        }
        optionProblems(o, problems);
        String name = newName(o, original, world, problems);
        String replaces = o.replace() && o.name() != null && !name.equals(original.name())
                && world.domainExists(name) ? name : null;
        Set<String> targets = new HashSet<>();
        original.devices().disks().forEach(d -> targets.add(d.target().dev()));
        for (String option : List.of("--skip-copy", "--force-copy")) {
            for (String t : option.equals("--skip-copy") ? o.skipCopy() : o.forceCopy()) {
                if (!targets.contains(t)) {
                    problems.add(option + " " + t + " names no disk of domain '" + original.name() + "' (its disks: "
                            + String.join(", ", targets.stream().sorted().toList()) + ").");
                } else if (option.equals("--force-copy") && o.skipCopy().contains(t)) {
                    problems.add("Disk " + t + " is named by both --skip-copy and --force-copy; give one of them.");
                }
            }
        }
        Deque<String> files = new ArrayDeque<>(o.files());
        Set<String> planned = new HashSet<>();
        List<ClonePlan.DiskCopy> copies = new ArrayList<>();
        List<DeviceDef> devices = new ArrayList<>();
        Deque<String> macs = new ArrayDeque<>(o.macs());
        // the devices virt-clone changes; every other device is kept as it is
        for (DeviceDef dev : original.devices().all()) {
            if (dev instanceof DiskDef d) {
                devices.add(disk(o, original, name, replaces, d, files, planned, copies, world, problems));
            } else if (dev instanceof InterfaceDef i) {
                devices.add(nic(o, i, replaces, macs, world, problems));
            } else if (dev instanceof GraphicsDef.Vnc v && v.port() != null && !v.autoport()) {
                devices.add(new GraphicsDef.Vnc(null, true, v.websocket(), v.sharePolicy(), v.powerControl(),
                        v.keymap(), v.auth(), v.listens(), v.audioId()));
            } else if (dev instanceof GraphicsDef.Spice s && s.port() != null && s.port() != -1 && !s.autoport()) {
                devices.add(new GraphicsDef.Spice(-1, s.tlsPort() == null ? null : -1, true, s.keymap(),
                        s.defaultMode(), s.auth(), s.listens(), s.options()));
            } else {
                devices.add(dev);
            }
        }
        if (!files.isEmpty()) {
            problems.add(o.files().size() + " --file paths were given but only " + (o.files().size() - files.size())
                    + " disks are copied; give one --file per disk to copy, in disk order.");
        }
        if (!o.macs().isEmpty() && o.macs().size() != original.devices().interfaces().size()) {
            problems.add(o.macs().size() + " --mac addresses were given but domain '" + original.name() + "' has "
                    + original.devices().interfaces().size() + " network interfaces; give one per interface (RANDOM "
                    + "for a random one).");
        }
        boolean replacedNvram = false;
        OsDef os = original.os();
        OsDef.Nvram nvram = os.nvram();
        if (nvram != null && nvram.path() != null) {
            String dir = nvram.path().contains("/") ? nvram.path().substring(0, nvram.path().lastIndexOf('/') + 1) : "";
            String newNvram = o.nvram() != null ? o.nvram() : dir + name + "_VARS.fd";
            replacedNvram = replaces != null && world.nvramOf(replaces).filter(newNvram::equals).isPresent();
            if (!o.preserveData() && world.pathExists(newNvram) && !replacedNvram) {
                problems.add("The UEFI variable store " + newNvram + " exists already; jvirt does not overwrite it: "
                        + "give --nvram another path, or --preserve-data to use it as it is.");
            }
            os = os.toBuilder().nvram(nvram.withPath(newNvram)).build();
        }
        boolean hasState = nvram != null || original.os().hasReadOnlyUefiLoader()
                || original.devices().tpm() != null && original.devices().tpm().backend() instanceof TpmDef.Emulator;
        if (!problems.isEmpty()) {
            throw new CloneException(problems);
        }
        DomainDef def;
        try {
            def = original.toBuilder().name(name).uuid(world.newUuid()).title(null).os(os)
                    .devices(new Devices(original.devices().emulator(), devices)).build();
        } catch (ConfException e) {
            throw new CloneException(List.of("The clone's definition is not valid: " + e.getMessage()));
        }
        if (o.nonsparse() && copies.stream().anyMatch(c -> !c.format().equals("raw"))) {
            notes.add("--nonsparse preallocates raw images only; qcow2 copies keep unused clusters unallocated.");
        }
        if (replaces != null) {
            notes.add("Domain '" + replaces + "' was replaced: stopped if it ran, and undefined" + (replacedNvram
                    ? " with its UEFI variable store" : "") + "; its disks are kept.");
        }
        return new ClonePlan(state == null ? null : original.name(), def, copies, hasState && !o.preserveData(), notes,
                replaces, replacedNvram);
    }

    private static void optionProblems(CloneOptions o, List<String> problems) {
        if (o.original() == null && o.originalXml() == null) {
            problems.add("An original domain is required; give --original NAME or --original-xml FILE.");
        }
        if (o.files().isEmpty() && !o.autoClone()) {
            problems.add("Either --auto-clone or --file is required; give --auto-clone or one --file per disk.");
        }
        if (o.linked() && o.reflink()) {
            problems.add("--linked and --reflink exclude each other: an overlay refers to the original, a reflink "
                    + "copies it.");
        }
        if (o.linked() && o.nonsparse()) {
            problems.add("--linked and --nonsparse exclude each other: an overlay holds only what the clone writes.");
        }
        if (o.preserveData() && (o.linked() || o.reflink() || o.nonsparse())) {
            problems.add("--preserve-data copies nothing, so --linked, --reflink and --nonsparse do not apply.");
        }
        if (o.preserveData() && o.files().isEmpty()) {
            problems.add("--preserve-data needs the existing files to use, one --file per disk.");
        }
    }

    private static String newName(CloneOptions o, DomainDef original, CloneWorld world, List<String> problems) {
        if (o.name() == null) {
            if (!o.autoClone()) {
                problems.add("A name is required for the new domain; give --name NEW_NAME or --auto-clone.");
            }
            return CloneNames.cloneName(original.name(), world::domainExists);
        }
        try {
            DomainDef.validateName(o.name());
        } catch (ConfException e) {
            problems.add("The new name is not valid: " + e.getMessage());
            return o.name();
        }
        if (o.replace() && o.name().equals(original.name())) {
            problems.add("--replace cannot replace domain '" + o.name() + "' by a clone of itself; choose another "
                    + "--name.");
        } else if (world.domainExists(o.name()) && !o.replace()) {
            problems.add("Domain '" + o.name() + "' exists already; choose another --name, or give --replace to "
                    + "replace it.");
        }
        return o.name();
    }

    private static DiskDef disk(CloneOptions o, DomainDef original, String name, String replaces, DiskDef d,
                                Deque<String> files,
                                Set<String> planned, List<ClonePlan.DiskCopy> copies, CloneWorld world,
                                List<String> problems) {
        String target = d.target().dev();
        DiskSource loc = d.source().location();
        boolean empty = loc instanceof DiskSource.File f && f.path() == null
                || loc instanceof DiskSource.Volume v && v.pool() == null;
        boolean forced = o.forceCopy().contains(target);
        if (forced && empty) {
            problems.add("--force-copy " + target + " names a drive without a medium; there is nothing to copy.");
            return d;
        }
        if (o.skipCopy().contains(target) || !forced && (empty || d.readonly() || d.shareable()
                || d.transientDisk() != null && Boolean.TRUE.equals(d.transientDisk().shareBacking()))) {
            return d; // shared as virt-clone shares it: the same definition
        }
        Optional<CloneWorld.Volume> source;
        if (loc instanceof DiskSource.File f) {
            source = world.volumeAt(f.path());
        } else if (loc instanceof DiskSource.Volume v) {
            source = world.volume(v.pool(), v.volume());
        } else {
            // block devices, network and NVMe disks have no image jvirt's storage layer can copy
            problems.add("Disk " + target + " is not a file or volume disk, which jvirt cannot copy; give "
                    + "--skip-copy " + target + " to share it with the clone.");
            return d;
        }
        String shown = loc instanceof DiskSource.File f ? f.path() : ((DiskSource.Volume) loc).volume();
        if (source.isEmpty()) {
            if (loc instanceof DiskSource.File f && !world.pathExists(f.path())) {
                problems.add("Disk " + target + "'s image " + f.path() + " does not exist, so it cannot be copied; "
                        + "give --skip-copy " + target + " to keep the clone's disk as it is.");
            } else {
                String dir = shown.contains("/") ? shown.substring(0, shown.lastIndexOf('/')) : shown;
                problems.add("Disk " + target + "'s image " + shown + " is not a volume of a running storage pool; "
                        + "jvirt copies disks through its pools: define and start a dir pool whose target is " + dir
                        + " (jvirt pool-define FILE, jvirt pool-start NAME), or give --skip-copy " + target + ".");
            }
            return d;
        }
        CloneWorld.Volume src = source.get();
        String path;
        if (!files.isEmpty()) {
            path = files.poll();
        } else if (o.autoClone() && !o.preserveData()) {
            // an overlay is qcow2 whatever the original is: its name says so
            String from = o.linked() ? CloneNames.withExtension(src.path(), ".qcow2") : src.path();
            path = CloneNames.diskPath(original.name(), name, from, p -> world.pathExists(p) || planned.contains(p));
        } else {
            if (!o.files().isEmpty()) { // with no --file and no --auto-clone, that was said once already
                problems.add("Disk " + target + " needs a new path: " + o.files().size() + " --file paths were given; "
                        + "give one per disk to copy, in disk order, or add --auto-clone.");
            }
            return d;
        }
        planned.add(path);
        int slash = path.lastIndexOf('/');
        if (slash <= 0 && !path.startsWith("/")) {
            problems.add("--file " + path + " must be an absolute path.");
            return d;
        }
        String dir = path.substring(0, Math.max(slash, 1));
        String volName = path.substring(slash + 1);
        if (o.preserveData()) {
            if (!world.pathExists(path)) {
                problems.add("--preserve-data uses existing files, but " + path + " (for disk " + target
                        + ") does not exist.");
            }
            return withLocation(d, loc, world.volumeAt(path).map(CloneWorld.Volume::pool).orElse(null), volName, path,
                    false);
        }
        Optional<String> pool = world.poolAt(dir);
        if (pool.isEmpty()) {
            problems.add("The new path " + path + " for disk " + target + " is not in the directory of a running "
                    + "storage pool; choose a path in one (jvirt pool-list), or define and start a pool on " + dir
                    + ".");
            return d;
        }
        if (world.pathExists(path)) {
            problems.add(path + " exists already (for disk " + target + "); jvirt does not overwrite it: choose "
                    + "another --file, or give --preserve-data to use it as it is.");
            return d;
        }
        if (o.checks("path_in_use")) {
            List<String> users = world.domainsUsing(path).stream().filter(u -> !u.equals(replaces)).toList();
            if (!users.isEmpty()) {
                problems.add(path + " is in use by domain " + String.join(", ", users) + ".");
            }
        }
        ClonePlan.Mode mode = o.linked() ? ClonePlan.Mode.OVERLAY : o.reflink() ? ClonePlan.Mode.REFLINK
                : o.nonsparse() ? ClonePlan.Mode.FULL_NONSPARSE : ClonePlan.Mode.FULL;
        String format = o.linked() ? "qcow2" : src.format();
        copies.add(new ClonePlan.DiskCopy(target, src, pool.get(), volName, path, format, mode));
        return withLocation(d, loc, pool.get(), volName, path, o.linked());
    }

    /** The disk pointing at its new image: a volume disk at the new volume, a file disk at the new path. */
    private static DiskDef withLocation(DiskDef d, DiskSource loc, String pool, String volName, String path,
                                        boolean overlay) {
        DiskSource newLoc = loc instanceof DiskSource.Volume v && pool != null
                ? new DiskSource.Volume(pool, volName, v.mode(), null) : new DiskSource.File(path);
        StorageSource s = d.source();
        StorageSource n = overlay
                ? new StorageSource(newLoc, DiskFormat.QCOW2, s.metadataCacheMaxSize(), null, s.slice(), s.seclabels(),
                        s.auth(), s.encryption(), s.reservations(), null)
                : s.withLocation(newLoc);
        return d.toBuilder().source(n).build();
    }

    private static InterfaceDef nic(CloneOptions o, InterfaceDef i, String replaces, Deque<String> macs,
                                    CloneWorld world, List<String> problems) {
        String mac = macs.poll();
        if (mac == null || mac.toUpperCase(Locale.ROOT).equals("RANDOM")) {
            do {
                mac = world.newMac();
            } while (world.macInUse(mac));
        } else {
            try {
                mac = ConfChecks.unicastMac(mac);
            } catch (ConfException e) {
                problems.add(e.getMessage());
                return i;
            }
            // the replaced domain's MACs go with it
            boolean replacedHasIt = replaces != null && world.macsOf(replaces).contains(mac);
            if (o.checks("mac_in_use") && world.macInUse(mac) && !replacedHasIt) {
                problems.add("The MAC address " + mac + " is in use by another domain; give another --mac, or "
                        + "--check mac_in_use=off to use it anyway.");
            }
        }
        return new InterfaceDef(i.backend(), mac, i.model(), i.bootOrder(), i.address(), null, i.vlan(), i.link(),
                i.bandwidth(), i.mtu(), i.options());
    }
}
