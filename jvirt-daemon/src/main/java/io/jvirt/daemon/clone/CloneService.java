package io.jvirt.daemon.clone;

import io.jvirt.api.CloneOptions;
import io.jvirt.api.CloneResult;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.storage.VolumeDef;
import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.conf.storage.VolumeTarget;
import io.jvirt.conf.storage.VolumeType;
import io.jvirt.conf.storage.VolumeXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.DomainCommand;
import io.jvirt.daemon.domain.DomainObj;
import io.jvirt.daemon.domain.DomainService;
import io.jvirt.daemon.storage.StorageService;
import io.jvirt.daemon.storage.VolumeService;
import io.jvirt.storage.CloneMode;
import io.jvirt.storage.TransferProgress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code jvirt clone} in the daemon: {@link ClonePlanner} turns the options and the original's
 * definition into a {@link ClonePlan} against the registries ({@link RegistryWorld}), then the
 * plan is carried out: the disk images first (the storage layer copies them with the image
 * engine, holding the image locks), then with {@code --replace} the domain of the new name is
 * stopped and undefined, then the definition, then the NVRAM and TPM state. When a step fails,
 * what was made is removed, newest first, a replaced domain is defined again, and the failure
 * is passed on.
 */
public final class CloneService {
    private static final Logger LOG = Logger.getLogger(CloneService.class.getName());

    private final DomainService domains;
    private final VolumeService volumes;
    private final StorageService pools;

    public CloneService(DomainService domains, VolumeService volumes, StorageService pools) {
        this.domains = domains;
        this.volumes = volumes;
        this.pools = pools;
    }

    /** Plans the clone and, unless {@code printXml}, makes it. */
    public CloneResult clone(CloneOptions o, boolean printXml) {
        long t0 = System.nanoTime();
        ClonePlan plan;
        try {
            plan = plan(o);
        } catch (CloneException e) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
        }
        long planned = (System.nanoTime() - t0) / 1_000_000;
        if (printXml) {
            return new CloneResult(plan.newDef().name(), DomainXml.format(plan.newDef(), Secrets.INCLUDE),
                    plan.copies().stream().map(c -> copy(c, 0)).toList(), plan.notes(), planned);
        }
        List<CloneResult.Copy> made = execute(plan);
        LOG.info(() -> "clone " + plan.newDef().name() + " of " + plan.originalName() + " made in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms (planned in " + planned + " ms)");
        return new CloneResult(plan.newDef().name(), null, made, plan.notes(), planned);
    }

    private ClonePlan plan(CloneOptions o) {
        DomainDef def;
        String state = null;
        String ref;
        if (o.originalXml() != null) {
            try {
                def = DomainXml.parse(o.originalXml());
            } catch (ConfException e) {
                throw new CloneException(List.of("The --original-xml definition is not valid: " + e.getMessage()));
            }
            ref = def.name();
            DomainObj known = domains.list(true).stream().filter(d -> d.name().equals(def.name())).findFirst()
                    .orElse(null);
            if (known != null) {
                state = known.status().state().label();
            }
        } else if (o.original() != null) {
            DomainObj obj = domains.lookup(o.original());
            state = obj.status().state().label();
            ref = obj.name();
            def = DomainXml.parse(domains.xml(ref, true, Secrets.INCLUDE));
        } else {
            throw new CloneException(List.of(
                    "An original domain is required; give --original NAME or --original-xml FILE."));
        }
        return ClonePlanner.plan(o, def, state, new RegistryWorld(domains, volumes, pools, ref));
    }

    private List<CloneResult.Copy> execute(ClonePlan plan) {
        List<ClonePlan.DiskCopy> made = new ArrayList<>();
        List<CloneResult.Copy> out = new ArrayList<>();
        String name = plan.newDef().name();
        boolean defined = false;
        String replacedXml = null;
        try {
            for (ClonePlan.DiskCopy c : plan.copies()) {
                long t0 = System.nanoTime();
                try {
                    volumes.createFrom(c.pool(), volumeXml(c), c.source().pool(), c.source().name(), mode(c.mode()),
                            TransferProgress.NONE);
                } catch (DaemonException e) {
                    throw new DaemonException(e.code(), "The copy of disk " + c.target() + " into " + c.name()
                            + " failed, and the clone's copies made so far were removed: " + e.getMessage(), e);
                }
                made.add(c);
                out.add(copy(c, (System.nanoTime() - t0) / 1_000_000));
            }
            if (plan.replaces() != null) {
                replacedXml = replace(plan);
            }
            domains.execute(new DomainCommand.Define(DomainXml.format(plan.newDef(), Secrets.INCLUDE)));
            defined = true;
            if (plan.copyState() && plan.originalName() != null) {
                domains.execute(new DomainCommand.CopyState(name, plan.originalName()));
            }
        } catch (RuntimeException e) {
            if (defined) {
                // KEEP: a variable store at the clone's path that copy-state did not make is not ours to delete
                // (copy-state removes its own partial copies); a new UUID's TPM state can only be ours
                undo(() -> domains.execute(new DomainCommand.Undefine(name, DomainCommand.NvramPolicy.KEEP, false)),
                        e);
            }
            if (replacedXml != null) {
                String xml = replacedXml;
                undo(() -> domains.execute(new DomainCommand.Define(xml)), e);
            }
            for (int i = made.size() - 1; i >= 0; i--) {
                ClonePlan.DiskCopy c = made.get(i);
                undo(() -> volumes.delete(c.pool(), c.name()), e);
            }
            throw e;
        }
        return out;
    }

    /**
     * Stops (destroy) and undefines the domain {@code --replace} replaces, as virt-clone does;
     * its disks stay. Returns its persistent definition, to define it again if a later step fails.
     */
    private String replace(ClonePlan plan) {
        DomainObj old = domains.lookup(plan.replaces());
        String xml = old.persistent() ? domains.xml(old.name(), true, Secrets.INCLUDE) : null;
        if (old.status().state() != DomainState.SHUTOFF) {
            domains.execute(new DomainCommand.Destroy(old.name()));
        }
        if (old.persistent()) {
            domains.execute(new DomainCommand.Undefine(old.name(), plan.replacedNvram()
                    ? DomainCommand.NvramPolicy.DELETE : DomainCommand.NvramPolicy.KEEP, false));
        }
        return xml;
    }

    private static void undo(Runnable step, RuntimeException failure) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static CloneResult.Copy copy(ClonePlan.DiskCopy c, long millis) {
        String mode = switch (c.mode()) {
            case FULL -> "full";
            case FULL_NONSPARSE -> "nonsparse";
            case REFLINK -> "reflink";
            case OVERLAY -> "overlay";
        };
        return new CloneResult.Copy(c.target(), c.pool(), c.name(), c.path(), mode, millis);
    }

    static CloneMode mode(ClonePlan.Mode m) {
        return switch (m) {
            case FULL, FULL_NONSPARSE -> CloneMode.FULL;
            case REFLINK -> CloneMode.REFLINK;
            case OVERLAY -> CloneMode.OVERLAY;
        };
    }

    /** The new volume's XML: name, capacity, format, and for --nonsparse an allocation equal to the capacity. */
    static String volumeXml(ClonePlan.DiskCopy c) {
        long cap = c.source().capacity();
        VolumeFormat format = Arrays.stream(VolumeFormat.values()).filter(f -> f.xml().equals(c.format())).findFirst()
                .orElse(null);
        VolumeTarget target = new VolumeTarget(null, format, null, null, null, null, false);
        return VolumeXml.format(new VolumeDef(VolumeType.FILE, c.name(), null, cap,
                c.mode() == ClonePlan.Mode.FULL_NONSPARSE ? cap : null, null, target, null));
    }
}
