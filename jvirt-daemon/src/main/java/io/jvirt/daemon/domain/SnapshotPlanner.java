package io.jvirt.daemon.domain;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.OsDef;
import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotDiskDef;
import io.jvirt.conf.snapshot.SnapshotLocation;
import io.jvirt.conf.snapshot.SnapshotMemory;
import io.jvirt.conf.snapshot.SnapshotState;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.SnapshotCommand.CreateFlag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, before anything is touched, what a snapshot creation does: libvirt's rules
 * ({@code qemuSnapshotCreateAlignDisks}, {@code virDomainSnapshotAlignDisks},
 * {@code qemuSnapshotPrepare}) as a pure function of the request and the domain. Every problem
 * of the request is reported at once.
 */
final class SnapshotPlanner {
    private SnapshotPlanner() {
    }

    /** The domain as the snapshot sees it. */
    record Domain(String name, DomainState state, boolean active, DomainDef def, DomainDef persistent) { }

    /**
     * Plans a snapshot.
     *
     * @param dom the domain: its live definition (while it runs) or its persistent one
     * @param input the document the user gave
     * @param flags the creation flags
     * @param snapshots the domain's snapshots now
     * @param nowSeconds the creation time
     * @return the plan
     * @throws DaemonException with every problem found
     */
    static SnapshotPlan plan(Domain dom, SnapshotDef input, Set<CreateFlag> flags, SnapshotTree snapshots,
                             long nowSeconds) {
        List<String> problems = new ArrayList<>();
        boolean diskOnly = flags.contains(CreateFlag.DISK_ONLY);
        String name = input.name() != null ? input.name() : Long.toString(nowSeconds);
        if (!flags.contains(CreateFlag.NO_METADATA)) {
            if (name.contains("/")) {
                problems.add("The snapshot name '" + name + "' cannot contain '/': it names a file.");
            }
            if (name.startsWith(".")) {
                problems.add("The snapshot name '" + name + "' cannot start with '.'.");
            }
        }
        if (snapshots.get(name) != null) {
            throw new DaemonException(ErrorCode.ALREADY_EXISTS, "domain '" + dom.name() + "' already has a snapshot "
                    + "named '" + name + "'; pick another name or delete that one first.");
        }
        if (!dom.active() && input.memory() != null && input.memory().snapshot() != SnapshotLocation.NO) {
            problems.add("The memory state cannot be saved: domain '" + dom.name() + "' is not running.");
        }
        if (diskOnly && input.memory() != null && input.memory().snapshot() != SnapshotLocation.NO) {
            problems.add("A disk-only snapshot cannot save the memory state.");
        }
        SnapshotMemory requested = input.memory();
        if (flags.contains(CreateFlag.LIVE) && (!dom.active() || requested == null
                || requested.snapshot() != SnapshotLocation.EXTERNAL)) {
            problems.add("A live snapshot is supported only for a full system snapshot (memory to a file) of a "
                    + "running domain.");
        }
        if (flags.contains(CreateFlag.QUIESCE) && !diskOnly) {
            problems.add("--quiesce needs --disk-only: the guest's file systems are frozen while its disks are "
                    + "captured without its memory.");
        }
        if (flags.contains(CreateFlag.HALT) && dom.persistent() == null) {
            problems.add("A snapshot cannot halt the transient domain '" + dom.name() + "': it would be gone.");
        }
        if (dom.state() == DomainState.PMSUSPENDED) {
            problems.add("QEMU cannot take a snapshot of a guest that is suspended to memory.");
        }
        SnapshotState state;
        SnapshotMemory memory;
        SnapshotLocation defaultLocation;
        if (diskOnly) {
            defaultLocation = SnapshotLocation.EXTERNAL;
            state = dom.active() ? SnapshotState.DISK_SNAPSHOT : SnapshotState.SHUTOFF;
            memory = SnapshotMemory.NONE;
        } else if (requested != null && requested.snapshot() == SnapshotLocation.EXTERNAL) {
            state = stateOf(dom);
            defaultLocation = SnapshotLocation.EXTERNAL;
            memory = requested;
        } else {
            state = stateOf(dom);
            defaultLocation = SnapshotLocation.INTERNAL;
            if (dom.active() && requested != null && requested.snapshot() == SnapshotLocation.NO) {
                problems.add("An internal snapshot of a running domain must include the memory state; use "
                        + "--disk-only for the disks alone.");
            }
            memory = state == SnapshotState.SHUTOFF ? SnapshotMemory.NONE : SnapshotMemory.INTERNAL;
        }
        List<SnapshotDiskDef> disks = align(dom.def(), input.disks(), defaultLocation, name, problems);
        check(dom, disks, memory, state, problems);
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "snapshot '" + name + "' of domain '" + dom.name()
                    + "' cannot be taken: " + String.join(" ", problems));
        }
        SnapshotDef s = new SnapshotDef.Builder().name(name).description(input.description()).state(state)
                .parent(snapshots.current()).creationTime(nowSeconds).memory(memory).disks(disks)
                .domain(dom.def()).inactiveDomain(dom.active() ? dom.persistent() : null).build();
        boolean external = memory.snapshot() == SnapshotLocation.EXTERNAL
                || disks.stream().anyMatch(d -> d.snapshot() == SnapshotLocation.EXTERNAL);
        return new SnapshotPlan(s, external ? SnapshotPlan.Kind.EXTERNAL : SnapshotPlan.Kind.INTERNAL, dom.active());
    }

    private static SnapshotState stateOf(Domain dom) {
        return switch (dom.state()) {
            case RUNNING, BLOCKED -> SnapshotState.RUNNING;
            case PAUSED -> SnapshotState.PAUSED;
            case SHUTDOWN -> SnapshotState.SHUTDOWN;
            case SHUTOFF, NOSTATE -> SnapshotState.SHUTOFF;
            case CRASHED -> SnapshotState.CRASHED;
            case PMSUSPENDED -> SnapshotState.PMSUSPENDED;
        };
    }

    /**
     * libvirt's virDomainSnapshotAlignDisks: one entry per disk of the domain, in its order,
     * named by target; a disk the request leaves out takes its own {@code snapshot} attribute,
     * else the default (an empty drive is never captured); external overlays without a path
     * get the image's path with its extension replaced by the snapshot's name.
     */
    static List<SnapshotDiskDef> align(DomainDef def, List<SnapshotDiskDef> requested, SnapshotLocation dflt,
                                       String snapshotName, List<String> problems) {
        List<DiskDef> disks = def.devices().disks();
        boolean requireMatch = dflt == SnapshotLocation.INTERNAL;
        Map<String, SnapshotDiskDef> byTarget = new HashMap<>();
        for (SnapshotDiskDef r : requested) {
            DiskDef d = byNameOrPath(disks, r.name());
            if (d == null) {
                problems.add("Domain has no disk named '" + r.name() + "'.");
                continue;
            }
            String target = d.target().dev();
            if (byTarget.containsKey(target)) {
                problems.add("The disk '" + r.name() + "' is named twice.");
                continue;
            }
            SnapshotDiskDef a = r.withName(target);
            SnapshotLocation own = location(d);
            if (a.snapshot() == null) {
                a = a.withSnapshot(own != null && (!requireMatch || own == SnapshotLocation.NO) ? own : dflt);
            } else if (requireMatch && a.snapshot() != dflt
                    && !(a.snapshot() == SnapshotLocation.NO && own == SnapshotLocation.NO)) {
                problems.add("The disk '" + target + "' must use snapshot mode 'internal' like the memory.");
            }
            if (a.source() != null && a.snapshot() != SnapshotLocation.EXTERNAL) {
                problems.add("The file '" + a.source() + "' for disk '" + target + "' needs snapshot='external'.");
            }
            byTarget.put(target, a);
        }
        List<SnapshotDiskDef> out = new ArrayList<>();
        for (DiskDef d : disks) {
            String target = d.target().dev();
            SnapshotDiskDef a = byTarget.get(target);
            if (a == null) {
                SnapshotLocation own = location(d);
                a = SnapshotDiskDef.of(target, d.isEmpty() ? SnapshotLocation.NO : own != null ? own : dflt);
            }
            if (a.snapshot() == SnapshotLocation.EXTERNAL && a.source() == null) {
                String path = d.location() instanceof DiskSource.File f ? f.path() : null;
                if (path == null) {
                    problems.add("No file name can be made for the overlay of disk '" + target + "', which is not an "
                            + "image file; give one with --diskspec " + target + ",file=/path/to/overlay.");
                } else {
                    int slash = path.lastIndexOf('/');
                    int dot = path.lastIndexOf('.');
                    String stem = dot > slash ? path.substring(0, dot) : path;
                    a = a.withOverlay(SnapshotDiskDef.SourceType.FILE, stem + "." + snapshotName, a.format());
                }
            }
            for (SnapshotDiskDef earlier : out) {
                if (a.source() != null && a.source().equals(earlier.source())) {
                    problems.add("The overlays of disks '" + earlier.name() + "' and '" + target + "' would both be "
                            + a.source() + "; give one another file.");
                }
            }
            out.add(a);
        }
        return out;
    }

    private static SnapshotLocation location(DiskDef d) {
        if (d.snapshot() == null) {
            return null;
        }
        return switch (d.snapshot()) {
            case NO -> SnapshotLocation.NO;
            case INTERNAL -> SnapshotLocation.INTERNAL;
            case EXTERNAL -> SnapshotLocation.EXTERNAL;
            case MANUAL -> SnapshotLocation.MANUAL;
        };
    }

    private static DiskDef byNameOrPath(List<DiskDef> disks, String name) {
        for (DiskDef d : disks) {
            if (d.target().dev().equals(name)) {
                return d;
            }
        }
        for (DiskDef d : disks) {
            if (name.equals(d.localPath())) {
                return d;
            }
        }
        return null;
    }

    /** libvirt's qemuSnapshotPrepare: formats, mixing, and what must be selected. */
    private static void check(Domain dom, List<SnapshotDiskDef> disks, SnapshotMemory memory, SnapshotState state,
                              List<String> problems) {
        boolean foundInternal = false;
        boolean forbidInternal = false;
        int external = 0;
        List<DiskDef> domDisks = dom.def().devices().disks();
        for (int i = 0; i < disks.size(); i++) {
            SnapshotDiskDef s = disks.get(i);
            DiskDef d = domDisks.get(i);
            switch (s.snapshot()) {
                case INTERNAL -> {
                    foundInternal = true;
                    if (state == SnapshotState.DISK_SNAPSHOT && dom.active()) {
                        problems.add("A running domain needs external disk snapshots; disk " + s.name()
                                + " asked for an internal one.");
                    }
                    if (d.format() != null && d.format() != DiskFormat.QCOW2) {
                        problems.add("Disk " + s.name() + " is a " + d.format().xml() + " image, which has no internal "
                                + "snapshots; convert it to qcow2 or take an external snapshot (--disk-only or "
                                + "--memspec).");
                    } else if (d.localPath() == null && !d.isEmpty()) {
                        problems.add("Disk " + s.name() + " is not a local image, which jvirt cannot snapshot "
                                + "internally.");
                    }
                }
                case EXTERNAL -> {
                    external++;
                    if (s.format() != null && !s.format().equals("qcow2")) {
                        problems.add("The overlay of disk " + s.name() + " must be qcow2, not " + s.format() + ".");
                    }
                    if (d.localPath() == null) {
                        problems.add("Disk " + s.name() + " is not a local image; jvirt puts overlays only on files "
                                + "and block devices.");
                    }
                    if (s.type() == SnapshotDiskDef.SourceType.BLOCK) {
                        problems.add("jvirt makes overlays in files only; disk " + s.name() + " names a block device.");
                    }
                }
                case MANUAL -> {
                    forbidInternal = true;
                    problems.add("Disk " + s.name() + " asks for a manual snapshot, which jvirt does not take yet.");
                }
                case NO -> {
                    if (!d.isEmpty() && !d.effectivelyReadonly()) {
                        forbidInternal = true;
                    }
                }
            }
        }
        if (!foundInternal && external == 0 && memory.snapshot() == SnapshotLocation.NO) {
            problems.add("Nothing is selected for the snapshot.");
        }
        if (memory.snapshot() == SnapshotLocation.INTERNAL && !foundInternal
                || foundInternal && forbidInternal) {
            problems.add("Internal and full system snapshots need every disk the guest writes to be selected.");
        }
        if (state == SnapshotState.DISK_SNAPSHOT && external == 0) {
            problems.add("A disk-only snapshot needs at least one disk.");
        }
        if (foundInternal && external > 0 || memory.snapshot() == SnapshotLocation.INTERNAL && external > 0
                || memory.snapshot() == SnapshotLocation.EXTERNAL && foundInternal) {
            problems.add("A snapshot cannot mix internal and external parts.");
        }
        OsDef os = dom.def().os();
        if (foundInternal && os.loader() != null && os.loader().type() == OsDef.Loader.Type.PFLASH) {
            problems.add("Internal snapshots of a domain with pflash firmware are not supported; take an external "
                    + "one.");
        }
    }
}
