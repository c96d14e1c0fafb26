package io.jvirt.conf.snapshot;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.domain.DomainDef;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A domain snapshot as libvirt describes it ({@code <domainsnapshot>}). When a snapshot is
 * created only the name, description, memory and disks come from the user; the rest is
 * filled in by the daemon and read back when a snapshot is redefined or loaded from its file.
 *
 * @param name the snapshot's name, or null on input (the daemon names it by the time)
 * @param description free text, or null
 * @param state the domain's state when it was taken, or null on input
 * @param parent the name of the snapshot it descends from, or null for a root
 * @param creationTime when it was taken, seconds since the epoch, or null on input
 * @param memory where the VM state went, or null when the document has no {@code <memory>}
 * @param disks how each disk was captured; empty when the document has no {@code <disks>}
 * @param domain the domain's definition when it was taken (the live one for a running domain), or null
 * @param domainUuid the domain's UUID when an old snapshot carries only {@code <domain><uuid>}, else null
 * @param inactiveDomain the persistent definition of a running domain when it was taken, or null
 * @param cookie libvirt's save cookie ({@code <cookie>} children, as XML), kept as given, or null
 * @param current whether it is the domain's current snapshot: {@code <active>} of libvirt's own snapshot
 *                files, null in documents for users
 */
public record SnapshotDef(String name, String description, SnapshotState state, String parent, Long creationTime,
                          SnapshotMemory memory, List<SnapshotDiskDef> disks, DomainDef domain, UUID domainUuid,
                          DomainDef inactiveDomain, String cookie, Boolean current) {

    /** Checks the rules that tie the parts together. */
    public SnapshotDef {
        disks = disks == null ? List.of() : List.copyOf(disks);
        // a disk named twice is libvirt's alignment error, found when the snapshot is taken
        List<ConfException> problems = new ArrayList<>();
        if (state != null && state.offline() && memory != null && memory.snapshot() != SnapshotLocation.NO) {
            problems.add(new ConfException(Kind.CONFLICT, "The memory state cannot be saved with an offline or "
                    + "disk-only snapshot (state " + state.xml() + "); use <memory snapshot='no'/>."));
        }
        if (domain != null && domainUuid != null) {
            problems.add(new ConfException(Kind.CONFLICT, "A snapshot carries either a whole <domain> or only its "
                    + "<uuid>, not both."));
        }
        if (!problems.isEmpty()) {
            throw ConfException.combine(problems);
        }
    }

    /** Whether any part of it lives outside the images (an overlay or a memory file): libvirt's "external". */
    public boolean external() {
        return memory != null && memory.snapshot() == SnapshotLocation.EXTERNAL
                || disks.stream().anyMatch(d -> d.snapshot() == SnapshotLocation.EXTERNAL);
    }

    /** The UUID of the domain it belongs to, from its definition or its lone {@code <uuid>}, or null. */
    public UUID owner() {
        return domain != null ? domain.uuid() : domainUuid;
    }

    /** The disk entry named {@code target}, or null. */
    public SnapshotDiskDef disk(String target) {
        return disks.stream().filter(d -> d.name().equals(target)).findFirst().orElse(null);
    }

    /** Starts a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a changed copy of a snapshot. */
    public static final class Builder {
        private String name;
        private String description;
        private SnapshotState state;
        private String parent;
        private Long creationTime;
        private SnapshotMemory memory;
        private List<SnapshotDiskDef> disks;
        private DomainDef domain;
        private UUID domainUuid;
        private DomainDef inactiveDomain;
        private String cookie;
        private Boolean current;

        /** An empty snapshot. */
        public Builder() {
            disks = List.of();
        }

        Builder(SnapshotDef s) {
            name = s.name;
            description = s.description;
            state = s.state;
            parent = s.parent;
            creationTime = s.creationTime;
            memory = s.memory;
            disks = s.disks;
            domain = s.domain;
            domainUuid = s.domainUuid;
            inactiveDomain = s.inactiveDomain;
            cookie = s.cookie;
            current = s.current;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder description(String v) {
            description = v;
            return this;
        }

        public Builder state(SnapshotState v) {
            state = v;
            return this;
        }

        public Builder parent(String v) {
            parent = v;
            return this;
        }

        public Builder creationTime(Long v) {
            creationTime = v;
            return this;
        }

        public Builder memory(SnapshotMemory v) {
            memory = v;
            return this;
        }

        public Builder disks(List<SnapshotDiskDef> v) {
            disks = v;
            return this;
        }

        public Builder domain(DomainDef v) {
            domain = v;
            return this;
        }

        public Builder domainUuid(UUID v) {
            domainUuid = v;
            return this;
        }

        public Builder inactiveDomain(DomainDef v) {
            inactiveDomain = v;
            return this;
        }

        public Builder cookie(String v) {
            cookie = v;
            return this;
        }

        public Builder current(Boolean v) {
            current = v;
            return this;
        }

        /** The snapshot, checked. */
        public SnapshotDef build() {
            return new SnapshotDef(name, description, state, parent, creationTime, memory, disks, domain, domainUuid,
                    inactiveDomain, cookie, current);
        }
    }
}
