package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.SnapshotInfo;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.job.FaultHook;
import io.jvirt.daemon.job.JobOperation;
import io.jvirt.daemon.job.JobRecord;
import io.jvirt.daemon.job.JobRecovery;
import io.jvirt.daemon.job.JobStore;
import io.jvirt.daemon.job.Jobs;
import io.jvirt.daemon.store.DefinitionStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The snapshot driver: runs {@link SnapshotCommand}s under the domain's job lock (creation,
 * revert and deletion are durable jobs, see {@link SnapshotCreator}, {@link SnapshotReverter},
 * {@link SnapshotDeleter}) and answers the snapshot queries (snapshot-list, -info, -dumpxml,
 * -current, -parent) from the domain's {@link SnapshotTree} without any lock. At start-up it
 * loads every domain's metadata and finishes or undoes the snapshot jobs a crash interrupted.
 */
public final class SnapshotService {
    private static final Logger LOG = Logger.getLogger(SnapshotService.class.getName());

    private final DomainRegistry registry;
    private final SnapshotStore store;
    private final Jobs jobs;
    private final SnapshotSteps steps;
    private final SnapshotCreator creator;
    private final SnapshotReverter reverter;
    private final SnapshotDeleter deleter;

    SnapshotService(DomainRegistry registry, DomainRunner runner, EventBus events, DefinitionStore defs,
                    Path stateDir, FaultHook faults) throws IOException {
        this.registry = registry;
        this.store = new SnapshotStore(stateDir);
        this.jobs = new Jobs(new JobStore(stateDir), faults);
        SnapshotContext ctx = new SnapshotContext(runner, store, jobs, events, (obj, def) -> persist(defs, obj, def));
        this.steps = new SnapshotSteps(ctx);
        SnapshotRecovery recovery = new SnapshotRecovery(ctx, steps);
        steps.setRecovery(recovery);
        this.creator = new SnapshotCreator(ctx, steps);
        this.reverter = new SnapshotReverter(ctx, steps);
        this.deleter = new SnapshotDeleter(ctx, steps);
        recovery.setParts(reverter, deleter);
        for (String kind : List.of(SnapshotCreator.KIND, SnapshotReverter.KIND, SnapshotDeleter.KIND)) {
            jobs.register(JobRecovery.of(kind, (domain, record) -> recovery.recover(registry.lookup(domain), record)));
        }
    }

    static void persist(DefinitionStore defs, DomainObj obj, DomainDef def) {
        try {
            defs.save(def.name(), DomainXml.format(def, Secrets.INCLUDE));
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.INTERNAL, "cannot save the definition of domain '" + def.name()
                    + "' to " + defs.fileOf(def.name()) + ": " + e.getMessage() + ".", e);
        }
        obj.setPersistentDef(def);
    }

    /** The steps snapshot jobs share (saving memory, waiting for QEMU's jobs). */
    SnapshotSteps steps() {
        return steps;
    }

    /** The jobs framework (other long operations of a domain record their jobs there too). */
    Jobs jobs() {
        return jobs;
    }

    /**
     * Loads the snapshots of {@code domains} and recovers the snapshot jobs a daemon stop
     * interrupted (each under its domain's job lock). Call after the domains are reattached.
     */
    void load(Collection<DomainObj> domains) throws IOException {
        for (DomainObj obj : domains) {
            obj.setSnapshots(store.load(obj.name()));
        }
        for (Map.Entry<UUID, JobRecord> e : jobs.pending().entrySet()) {
            DomainObj obj = registry.byUuid(e.getKey());
            if (obj == null && e.getValue().operation() == JobOperation.RESTORE) {
                // a restore into a new transient domain whose QEMU did not outlive the daemon: nothing is left
                // of it but the image, whose header the restore had not touched yet
                LOG.info("an interrupted restore of domain " + e.getKey() + " had not started it; nothing to undo.");
                jobs.forget(e.getKey());
                continue;
            }
            if (obj == null) {
                LOG.warning("an interrupted " + e.getValue().operation().label() + " job belongs to domain " + e.getKey()
                        + ", which jvirt no longer knows; its record stays.");
                continue;
            }
            obj.job.lock();
            try {
                jobs.recover(e.getKey(), obj.name(), e.getValue());
            } finally {
                obj.job.unlock();
            }
        }
    }

    /** Runs one command under the domain's job lock; returns the name of the snapshot it acted on. */
    String execute(DomainObj obj, SnapshotCommand command) {
        return switch (command) {
            case SnapshotCommand.Create c -> creator.create(obj, c);
            case SnapshotCommand.SetCurrent c -> {
                SnapshotDef s = require(obj, c.name());
                steps.record(obj, s, true);
                yield s.name();
            }
            case SnapshotCommand.Revert r -> {
                reverter.revert(obj, r);
                yield r.name();
            }
            case SnapshotCommand.Delete d -> {
                deleter.delete(obj, d);
                yield d.name();
            }
        };
    }

    /**
     * Before an undefine of a shut-off domain: refuses while it has snapshots, unless
     * {@code dropMetadata} ({@code --snapshots-metadata}). Changes nothing. Job lock held.
     *
     * @return whether their metadata must go with the definition ({@link #forget})
     */
    boolean checkUndefine(DomainObj obj, boolean dropMetadata) {
        int n = obj.snapshotCount();
        if (obj.status().active() || n == 0) {
            return false;
        }
        if (!dropMetadata) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Domain '" + obj.name() + "' has " + n + " snapshot"
                    + (n == 1 ? "" : "s") + " and cannot be undefined; delete them first, or give "
                    + "--snapshots-metadata to drop their metadata (the images keep what they hold).");
        }
        return true;
    }

    /** Removes all snapshot metadata of a domain that goes away (undefined, or transient and stopped). */
    void forget(DomainObj obj) {
        try {
            store.deleteAll(obj.name());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the snapshot metadata of domain '" + obj.name() + "'", e);
        }
        obj.setSnapshots(SnapshotTree.EMPTY);
    }

    // ---- queries (no lock)

    /** snapshot-list: the snapshots the filter keeps, parents before children. */
    public List<SnapshotInfo> list(String ref, SnapshotFilter filter) {
        DomainObj obj = registry.lookup(ref);
        SnapshotTree tree = obj.snapshots();
        if (filter.from() != null) {
            require(obj, filter.from());
        }
        List<SnapshotInfo> out = new ArrayList<>();
        for (SnapshotDef s : filter.apply(tree)) {
            out.add(info(obj, tree, s));
        }
        return out;
    }

    /** snapshot-info. */
    public SnapshotInfo info(String ref, String name) {
        DomainObj obj = registry.lookup(ref);
        return info(obj, obj.snapshots(), require(obj, name));
    }

    /** snapshot-current (without a name): the current snapshot, or null when there is none. */
    public SnapshotInfo current(String ref) {
        DomainObj obj = registry.lookup(ref);
        SnapshotTree tree = obj.snapshots();
        return tree.current() == null ? null : info(obj, tree, tree.get(tree.current()));
    }

    /** snapshot-dumpxml: libvirt's document, secrets only when asked. */
    public String xml(String ref, String name, Secrets secrets) {
        DomainObj obj = registry.lookup(ref);
        SnapshotTree tree = obj.snapshots();
        SnapshotDef s = require(obj, name);
        return SnapshotXml.format(s.toBuilder().current(name.equals(tree.current()) ? Boolean.TRUE : null).build(),
                secrets);
    }

    private static SnapshotInfo info(DomainObj obj, SnapshotTree tree, SnapshotDef s) {
        return new SnapshotInfo(s.name(), obj.name(), s.name().equals(tree.current()),
                s.state() == null ? null : s.state().xml(), s.external() ? "external" : "internal",
                s.parent() != null && tree.get(s.parent()) != null ? s.parent() : null,
                tree.children(s.name()).size(), tree.descendants(s.name()).size(), true,
                s.creationTime() == null ? 0 : s.creationTime(), s.description());
    }

    private static SnapshotDef require(DomainObj obj, String name) {
        SnapshotDef s = obj.snapshots().get(name);
        if (s == null) {
            throw noSnapshot(obj, name);
        }
        return s;
    }

    /** The error for a snapshot name the domain does not have (libvirt's "no domain snapshot with matching name"). */
    static DaemonException noSnapshot(DomainObj obj, String name) {
        return new DaemonException(ErrorCode.NOT_FOUND, "Domain '" + obj.name() + "' has no snapshot named '" + name
                + "'; 'jvirt snapshot-list " + obj.name() + "' lists its snapshots.");
    }
}
