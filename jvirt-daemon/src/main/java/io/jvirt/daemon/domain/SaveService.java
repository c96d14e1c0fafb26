package io.jvirt.daemon.domain;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StateReason;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.SaveCommand.Flag;
import io.jvirt.daemon.job.JobHandle;
import io.jvirt.daemon.job.JobOperation;
import io.jvirt.daemon.job.JobRecord;
import io.jvirt.daemon.job.JobRecovery;
import io.jvirt.daemon.job.Jobs;
import io.jvirt.daemon.store.AtomicFiles;
import io.jvirt.daemon.store.PrivateFiles;
import io.jvirt.qemu.address.AddressAssigner;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Save, restore and managed save: the guest's memory goes into a {@link SaveImage} (libvirt's
 * format: a header with the definition, then QEMU's migration stream, see {@link OutgoingStream})
 * with the CPUs stopped and the disks left as they are, written beside the target as
 * {@code FILE.part} and renamed into place once complete and durable, then QEMU stops ("saved").
 * A restore starts QEMU paused from the image's definition, streams the VM state into it
 * ({@link IncomingStream}) and lets the CPUs run: the guest goes on without a reboot. A
 * managed save is a save to {@code STATE/save/NAME.save} that the next start restores and then
 * removes. A failed save
 * leaves the guest running and no file; a failed restore leaves no QEMU and the image as it was.
 */
public final class SaveService {
    private static final Logger LOG = Logger.getLogger(SaveService.class.getName());
    static final String KIND = "save";
    static final String RESTORE_KIND = "restore";
    private static final String WAS_RUNNING = "wasRunning";
    private static final String IMAGE = "image";
    private static final String RUN_AFTER = "runAfter";
    private static final String MANAGED = "managed";
    /** How long QEMU may take to load a VM state after its last byte arrived. */
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);
    /** A restore's steps, each recorded before it runs. */
    private static final List<String> RESTORE_PHASES = List.of("planned", "start", "load", "run", "cleanup");

    private final DomainRegistry registry;
    private final DomainRunner runner;
    private final EventBus events;
    private final Jobs jobs;
    private final SnapshotSteps steps;
    private final Path saveDir;

    SaveService(DomainRegistry registry, DomainRunner runner, EventBus events, SnapshotService snapshots, Path stateDir)
            throws IOException {
        this.registry = registry;
        this.runner = runner;
        this.events = events;
        this.jobs = snapshots.jobs();
        this.steps = snapshots.steps();
        this.saveDir = PrivateFiles.createDirectories(stateDir.resolve("save"));
        jobs.register(JobRecovery.of(KIND, (domain, r) -> undoSave(registry.lookup(domain), r)));
        jobs.register(JobRecovery.of(RESTORE_KIND, (domain, r) -> recoverRestore(registry.lookup(domain), r)));
    }

    /** Where a domain's managed save image lives (libvirt: /var/lib/libvirt/qemu/save/NAME.save). */
    Path managedSavePath(DomainObj obj) {
        return saveDir.resolve(obj.name() + ".save");
    }

    /** Whether the domain has a managed save image. */
    public boolean hasManagedSave(DomainObj obj) {
        return Files.exists(managedSavePath(obj));
    }

    /** The managed save image's path (whether it exists or not). */
    public Path managedSaveFile(String ref) {
        return managedSavePath(registry.lookup(ref));
    }

    // ---- save

    /** Saves under the job lock: the memory to {@code file}, then QEMU stops. */
    void save(DomainObj obj, Path file, String xml, Set<Flag> flags) {
        QemuMonitor m = runner.requireActive(obj).monitor();
        checkRunFlags(flags);
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target) || !Files.isDirectory(target.getParent())) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Cannot save domain '" + obj.name() + "' to " + target
                    + ": " + (Files.isDirectory(target) ? "it is a directory." : "its directory does not exist."));
        }
        DomainDef def = xml == null ? obj.liveDef()
                : SavedHardware.compatible(obj.liveDef(), parse(xml), target.toString());
        boolean wasRunning = obj.status().state() == DomainState.RUNNING;
        boolean recordRunning = flags.contains(Flag.RUNNING) || !flags.contains(Flag.PAUSED) && wasRunning;
        SaveImage header = SaveImage.of(DomainXml.format(def, Secrets.INCLUDE), recordRunning);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try (JobHandle job = jobs.begin(obj.uuid(), obj, JobOperation.SAVE, KIND, "planned",
                Map.of(WAS_RUNNING, Boolean.toString(wasRunning)))) {
            try {
                if (wasRunning) {
                    obj.setStatus(obj.status().with(DomainState.PAUSED, StateReason.SAVING));
                    m.stop();
                    events.publish(obj, DomainLifecycle.SUSPENDED_PAUSED);
                }
                job.step("memory");
                steps.streamMemory(obj, job, part, header, SnapshotFacts.MEMORY, flags.contains(Flag.BYPASS_CACHE));
                // an abort asked once the stream was complete takes effect here: the image goes,
                // the guest goes on
                job.checkCancelled();
                job.step("rename");
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                AtomicFiles.syncDirectory(target.getParent());
                job.phase("stop");
                runner.stopSaved(obj);
                job.succeeded();
            } catch (IOException e) {
                job.failed(e);
                undoSave(obj, job.record());
                throw new DaemonException(ErrorCode.HOST_RESOURCE, "Cannot put the save image of domain '" + obj.name()
                        + "' at " + target + ": " + e.getMessage() + ". The domain goes on running.", e);
            } catch (RuntimeException e) {
                job.failed(e);
                if (!job.record().phase().equals("stop")) {
                    undoSave(obj, job.record());
                }
                throw e;
            }
        }
    }

    /** A save that did not complete: its partial file goes, the CPUs run again if they ran. */
    private void undoSave(DomainObj obj, JobRecord r) {
        if (r.phase().equals("stop")) {
            return; // the image is complete; QEMU stopping is all that was left
        }
        if (obj.qemu() != null) {
            OutgoingStream.cancelQuietly(obj.qemu().monitor());
        }
        SnapshotRecovery.removeCreated(r);
        if (Boolean.parseBoolean(r.facts().get(WAS_RUNNING)) && obj.qemu() != null) {
            try {
                if (obj.qemu().monitor().queryStatus() == QemuMonitor.RunState.PAUSED) {
                    obj.qemu().monitor().cont();
                    obj.setStatus(obj.status().with(DomainState.RUNNING, StateReason.SAVE_CANCELED));
                    events.publish(obj, DomainLifecycle.RESUMED_UNPAUSED);
                }
            } catch (QmpException e) {
                LOG.warning("domain " + obj.name() + ": cannot resume its CPUs after the failed save: " + e.getMessage());
            }
        }
    }

    /** managedsave: a save to the domain's own place. */
    void managedSave(DomainObj obj, Set<Flag> flags) {
        if (!obj.persistent()) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Domain '" + obj.name() + "' is transient; a managed "
                    + "save needs a persistent domain (use 'jvirt save' with a file).");
        }
        save(obj, managedSavePath(obj), null, flags);
    }

    void managedSaveRemove(DomainObj obj) {
        Path p = managedSavePath(obj);
        try {
            if (!Files.deleteIfExists(p)) {
                throw new DaemonException(ErrorCode.NOT_FOUND, "Domain '" + obj.name() + "' has no managed save image.");
            }
            AtomicFiles.syncDirectory(p.getParent());
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "Cannot remove the managed save image " + p + ": "
                    + e.getMessage() + ".", e);
        }
    }

    // ---- restore

    /**
     * Starts {@code obj} (job lock held, shut off) from the image at {@code file}; {@code def} is
     * the definition to run (already checked against the image's). A job records each step: a
     * failure, or a daemon crash, before the VM state is loaded ends the QEMU it started (the
     * domain as before; the image is only ever read); after it, the restore is finished (the
     * CPUs run if asked, a managed save image goes).
     */
    void restoreInto(DomainObj obj, Path file, DomainDef def, boolean running, boolean managed, boolean bypassCache) {
        Map<String, String> facts = Map.of(IMAGE, file.toString(), RUN_AFTER, Boolean.toString(running),
                MANAGED, Boolean.toString(managed));
        try (JobHandle job = jobs.begin(obj.uuid(), obj, JobOperation.RESTORE, RESTORE_KIND, "start", facts)) {
            try {
                runner.start(obj, AddressAssigner.assign(def), true, DomainRunner.StartPurpose.RESTORE);
                job.phase("load");
                load(obj, file, bypassCache, job);
                job.phase("run");
                resume(obj, running);
                if (managed) {
                    job.phase("cleanup");
                    removeManaged(obj, file);
                }
                job.succeeded();
            } catch (RuntimeException e) {
                job.failed(e);
                if (RESTORE_PHASES.indexOf(job.record().phase()) < RESTORE_PHASES.indexOf("run")) {
                    undoRestore(obj);
                }
                throw e;
            }
        }
    }

    /**
     * Streams the VM state of the image into the QEMU started for it (with {@code -incoming
     * defer}), which then waits with its CPUs stopped. The image is only read.
     */
    private void load(DomainObj obj, Path file, boolean bypassCache, JobHandle job) {
        QemuMonitor m = runner.requireActive(obj).monitor();
        long memory = SnapshotSteps.memoryBytes(obj);
        IncomingStream.load(m, runner.context(obj).incomingSocket(), file, SaveImage.read(file).streamOffset(),
                bypassCache, LOAD_TIMEOUT, sent -> job.active().memoryProgress(sent, memory));
    }

    private void resume(DomainObj obj, boolean running) {
        if (running) {
            QemuMonitor m = runner.requireActive(obj).monitor();
            if (m.queryStatus() == QemuMonitor.RunState.PAUSED) {
                m.cont();
            }
            obj.setStatus(obj.status().with(DomainState.RUNNING, StateReason.RESTORED));
            events.publish(obj, DomainLifecycle.RESUMED_UNPAUSED);
        } else {
            events.publish(obj, DomainLifecycle.SUSPENDED_RESTORED);
        }
    }

    private static void removeManaged(DomainObj obj, Path file) {
        try {
            Files.deleteIfExists(file);
            AtomicFiles.syncDirectory(file.getParent());
        } catch (IOException e) {
            LOG.warning("domain " + obj.name() + ": cannot remove the managed save image " + file + " after restoring "
                    + "it: " + e.getMessage());
        }
    }

    /** A restore that did not load: its QEMU ends (the image was only read). */
    private void undoRestore(DomainObj obj) {
        if (obj.status().active()) {
            runner.destroy(obj);
        }
    }

    /** A restore a daemon crash interrupted: undone before the load ended, finished after it. */
    private void recoverRestore(DomainObj obj, JobRecord r) {
        int at = RESTORE_PHASES.indexOf(r.phase());
        if (at <= RESTORE_PHASES.indexOf("planned")) {
            return;
        }
        if (at < RESTORE_PHASES.indexOf("run")) {
            undoRestore(obj);
            return;
        }
        if (obj.status().active()) {
            resume(obj, Boolean.parseBoolean(r.fact(RUN_AFTER)));
        }
        if (Boolean.parseBoolean(r.fact(MANAGED))) {
            removeManaged(obj, Path.of(r.fact(IMAGE)));
        }
    }

    /** The definition and run mark of a save image, with the caller's replacement checked. */
    static DomainDef imageDef(SaveImage img, String xml, Path file) {
        DomainDef saved = parse(img.xml());
        return xml == null ? saved : SavedHardware.compatible(saved, parse(xml), file.toString());
    }

    static boolean runAfter(SaveImage img, Set<Flag> flags) {
        checkRunFlags(flags);
        return flags.contains(Flag.RUNNING) || !flags.contains(Flag.PAUSED) && img.wasRunning();
    }

    /** Start of a domain with a managed save image: restores it, then removes the image. Job lock held. */
    void startManaged(DomainObj obj, boolean paused) {
        Path p = managedSavePath(obj);
        SaveImage img = SaveImage.read(p);
        DomainDef def = parse(img.xml());
        restoreInto(obj, p, def, img.wasRunning() && !paused, true, false);
    }

    // ---- save-image-define / -dumpxml

    /** The definition a save image records, with secrets only when asked. */
    public String imageXml(String file, Secrets secrets) {
        SaveImage img = SaveImage.read(Path.of(file));
        return DomainXml.format(parse(img.xml()), secrets);
    }

    /** Replaces the definition (same hardware) and/or the running mark of a save image. */
    void imageDefine(Path file, String xml, Set<Flag> flags) {
        checkRunFlags(flags);
        SaveImage img = SaveImage.read(file);
        DomainDef def = imageDef(img, xml, file);
        boolean running = flags.contains(Flag.RUNNING) || !flags.contains(Flag.PAUSED) && img.wasRunning();
        img.with(DomainXml.format(def, Secrets.INCLUDE), running).replace(file, img);
    }

    // ---- helpers

    private static void checkRunFlags(Set<Flag> flags) {
        if (flags.contains(Flag.RUNNING) && flags.contains(Flag.PAUSED)) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "--running and --paused exclude each other.");
        }
    }

    static DomainDef parse(String xml) {
        try {
            return DomainXml.parse(xml);
        } catch (ConfException e) {
            throw new DaemonException(ErrorCode.INVALID_DEFINITION, e.getMessage(), e);
        }
    }
}
