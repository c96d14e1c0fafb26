package io.jvirt.daemon.domain;

import static io.jvirt.daemon.domain.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.BlockJobInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.BlockJobCommand.CommitFlag;
import io.jvirt.daemon.domain.BlockJobCommand.CopyFlag;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import io.jvirt.image.lock.ImageLock;
import io.jvirt.image.lock.LockPerms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block jobs through {@link DomainService} with an in-memory QEMU ({@link FakeQemu},
 * {@link FakeBlocks}): what QEMU is asked, what the live and persistent definitions become
 * once QEMU's chain changed, the events, one job per disk, and a job a daemon restart finds
 * still running in QEMU.
 */
class BlockJobServiceTest {
    private static final String QDEV = "/machine/peripheral/virtio-disk0/virtio-backend";
    private static final long SIZE = 1L << 20;

    @TempDir
    Path state;
    @TempDir
    Path images;
    FakeQemu.Launcher launcher;
    DomainService domains;
    List<String> events;
    AutoCloseable subscription;
    EventBus bus;

    @BeforeEach
    void start() throws Exception {
        launcher = new FakeQemu.Launcher();
        bus = new EventBus();
        events = new CopyOnWriteArrayList<>();
        subscription = bus.subscribe(e -> events.add(e.event() + ":" + e.detail()));
        domains = daemon();
    }

    private DomainService daemon() throws Exception {
        DomainService d = new DomainService(new DefinitionStore(state), new RuntimeStore(state), bus, HostFacts.read(),
                FakeQemu.TCG, "qemu-system-x86_64", launcher);
        d.setSnapshots(state);
        d.load();
        return d;
    }

    @AfterEach
    void stop() throws Exception {
        subscription.close();
        domains.close();
    }

    private String file(String name) {
        return images.resolve(name).toString();
    }

    /** A running domain whose disk vda is {@code files} (top first) in QEMU and in its definition's top. */
    private FakeQemu running(String name, String... files) throws Exception {
        for (String f : files) {
            Files.write(Path.of(f), new byte[4096]);
        }
        String xml = "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>256</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='" + files[0]
                + "'/><target dev='vda' bus='virtio'/></disk></devices></domain>";
        domains.execute(new DomainCommand.Define(xml));
        domains.execute(new DomainCommand.Start(name, false));
        FakeQemu q = launcher.last();
        q.blocks.device(QDEV, List.of(files), SIZE);
        return q;
    }

    private DiskDef live(String name) {
        return domains.lookup(name).liveDef().devices().disks().getFirst();
    }

    private DiskDef config(String name) {
        return domains.lookup(name).persistentDef().devices().disks().getFirst();
    }

    private BlockJobInfo info(String name) {
        return domains.blockJobs().info(name, "vda");
    }

    @Test
    void anActiveCommitWithAPivotLeavesTheDiskOnItsBaseInBothDefinitions() throws Exception {
        FakeQemu q = running("ac", file("top.qcow2"), file("base.raw"));

        BlockJobInfo started = domains.blockJobs().execute(new BlockJobCommand.Commit("ac", "vda", null, null,
                Set.of(CommitFlag.ACTIVE), 0));
        assertThat(started.type()).isEqualTo("active-commit");
        assertThat(started.label()).isEqualTo("Active Block Commit");
        assertThat(q.commands).anyMatch(c -> c.startsWith("block-job-start Commit"));
        String job = q.blocks.onlyJob();

        q.blocks.progress(job);
        eventually("the job is ready", () -> info("ac").ready());
        eventually("the ready event", () -> events.contains("block-job-2:Active Block Commit for vda ready"));

        BlockJobInfo done = domains.blockJobs().execute(new BlockJobCommand.Abort("ac", "vda", true, false));

        assertThat(done.active()).isFalse();
        assertThat(done.result()).isEqualTo(BlockJobInfo.COMPLETED);
        assertThat(q.commands).containsSubsequence("job-complete " + job, "job-finalize " + job, "job-dismiss " + job);
        assertThat(live("ac").localPath()).isEqualTo(file("base.raw"));
        assertThat(live("ac").format().xml()).isEqualTo("raw");
        assertThat(config("ac").localPath()).isEqualTo(file("base.raw"));
        assertThat(q.commands).contains("blockdev-del " + QDEV + "-fmt");
        eventually("both completion events", () -> events.containsAll(List.of(
                "block-job:Active Block Commit for " + file("top.qcow2") + " completed",
                "block-job-2:Active Block Commit for vda completed")));
        assertThat(Files.list(state.resolve("block-jobs/jobs"))).as("the job's record is gone").isEmpty();
    }

    @Test
    void aCommitOfTheActiveLayerWithoutActiveIsRefusedAndNothingStarts() throws Exception {
        FakeQemu q = running("na", file("top.qcow2"), file("base.raw"));

        assertThatThrownBy(() -> domains.blockJobs().execute(new BlockJobCommand.Commit("na", "vda", null, null,
                Set.of(), 0))).isInstanceOf(DaemonException.class)
                .hasMessageContaining("active layer, which is committed with --active");
        assertThat(q.commands).noneMatch(c -> c.startsWith("block-job-start"));
        assertThatThrownBy(() -> domains.blockJobs().execute(new BlockJobCommand.Commit("na", "vda",
                file("top.qcow2"), file("base.raw"), Set.of(CommitFlag.ACTIVE), 0)))
                .hasMessageContaining("must lie below the top");
    }

    @Test
    void aMiddleLayerCommitEndsOnItsOwnAndTheLiveChainLosesTheLayer() throws Exception {
        FakeQemu q = running("mid", file("top.qcow2"), file("mid.qcow2"), file("base.raw"));

        domains.blockJobs().execute(new BlockJobCommand.Commit("mid", "vda", null, file("mid.qcow2"),
                Set.of(CommitFlag.KEEP_RELATIVE), 0));
        assertThat(q.commands).anyMatch(c -> c.contains("backingFile=base.raw"));
        q.blocks.progress(q.blocks.onlyJob());
        eventually("the commit ended", () -> !info("mid").active() && info("mid").result() != null);

        assertThat(info("mid").result()).isEqualTo(BlockJobInfo.COMPLETED);
        assertThat(SnapshotDisks.chainFiles(live("mid"))).containsExactly(file("top.qcow2"), file("base.raw"));
        assertThat(config("mid").localPath()).isEqualTo(file("top.qcow2"));
        eventually("the event", () -> events.contains("block-job-2:Block Commit for vda completed"));
    }

    @Test
    void aSecondJobOnADiskIsRefusedWithASentence() throws Exception {
        running("two", file("top.qcow2"), file("base.raw"));
        domains.blockJobs().execute(new BlockJobCommand.Pull("two", "vda", null, false, 0));

        assertThatThrownBy(() -> domains.blockJobs().execute(new BlockJobCommand.Commit("two", "vda", null, null,
                Set.of(CommitFlag.ACTIVE), 0)))
                .isInstanceOf(DaemonException.class)
                .satisfies(e -> assertThat(((DaemonException) e).code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessage("Disk vda of domain 'two' already has a block job (Block Pull); wait for it to end, or end "
                        + "it with 'jvirt blockjob two vda --abort'.");
    }

    @Test
    void aPullLeavesTheActiveLayerAloneWithoutBacking() throws Exception {
        FakeQemu q = running("pull", file("top.qcow2"), file("base.raw"));

        domains.blockJobs().execute(new BlockJobCommand.Pull("pull", "vda", null, false, 5L << 20));
        assertThat(info("pull").bandwidth()).isEqualTo(5L << 20);
        q.blocks.progress(q.blocks.onlyJob());
        eventually("the pull ended", () -> info("pull").result() != null);

        assertThat(SnapshotDisks.chainFiles(live("pull"))).containsExactly(file("top.qcow2"));
        assertThat(live("pull").source().backing()).isNotNull();
        eventually("the event", () -> events.contains("block-job-2:Block Pull for vda completed"));
    }

    @Test
    void aCopyPivotsToANewImageThatTheLiveDefinitionNamesAndTheConfigDoesNot() throws Exception {
        FakeQemu q = running("copy", file("top.qcow2"), file("base.raw"));
        String dest = file("copy.qcow2");

        domains.blockJobs().execute(new BlockJobCommand.Copy("copy", "vda", dest, null, null, Set.of(CopyFlag.SHALLOW),
                0));
        assertThat(Path.of(dest)).exists();
        String job = q.blocks.onlyJob();
        q.blocks.progress(job);
        eventually("the copy is ready", () -> info("copy").ready());
        domains.blockJobs().execute(new BlockJobCommand.Abort("copy", "vda", true, false));

        assertThat(SnapshotDisks.chainFiles(live("copy"))).containsExactly(dest, file("base.raw"));
        assertThat(config("copy").localPath()).isEqualTo(file("top.qcow2"));
        assertThat(q.blocks.files(QDEV)).containsExactly(dest, file("base.raw"));
        eventually("the event", () -> events.contains("block-job-2:Block Copy for vda completed"));
    }

    @Test
    void anExistingDestinationIsRefusedWithoutReuseExternal() throws Exception {
        FakeQemu q = running("exists", file("top.qcow2"), file("base.raw"));
        Files.writeString(images.resolve("there.qcow2"), "x");

        assertThatThrownBy(() -> domains.blockJobs().execute(new BlockJobCommand.Copy("exists", "vda",
                file("there.qcow2"), null, null, Set.of(), 0))).hasMessageContaining("--reuse-external");
        assertThat(q.commands).noneMatch(c -> c.startsWith("blockdev-add") || c.startsWith("block-job-start"));
        assertThat(Files.readString(images.resolve("there.qcow2"))).isEqualTo("x");
    }

    @Test
    void aReadyCopyAbortedWithoutPivotIsBroughtInStepFirstNotForced() throws Exception {
        FakeQemu q = running("fin", file("top.qcow2"), file("base.raw"));
        domains.blockJobs().execute(new BlockJobCommand.Copy("fin", "vda", file("fin.qcow2"), null, null, Set.of(), 0));
        String job = q.blocks.onlyJob();
        q.blocks.progress(job);
        eventually("the copy is ready", () -> info("fin").ready());

        BlockJobInfo end = domains.blockJobs().execute(new BlockJobCommand.Abort("fin", "vda", false, false));

        // block-job-cancel without force: QEMU copies what is still dirty, then ends; job-cancel
        // would force the cancel and drop the writes in flight to the copy
        assertThat(q.commands).contains("block-job-cancel " + job).doesNotContain("job-cancel " + job)
                .noneMatch(c -> c.startsWith("block-job-cancel " + job + " force"));
        assertThat(end.result()).isEqualTo(BlockJobInfo.CANCELED);
        assertThat(live("fin").localPath()).isEqualTo(file("top.qcow2"));
        assertThat(q.blocks.files(QDEV)).containsExactly(file("top.qcow2"), file("base.raw"));
    }

    @Test
    void anAbortedCommitLeavesTheChainAsItWas() throws Exception {
        FakeQemu q = running("ab", file("top.qcow2"), file("mid.qcow2"), file("base.raw"));
        domains.blockJobs().execute(new BlockJobCommand.Commit("ab", "vda", null, file("mid.qcow2"), Set.of(), 0));

        BlockJobInfo end = domains.blockJobs().execute(new BlockJobCommand.Abort("ab", "vda", false, false));

        assertThat(end.result()).isEqualTo(BlockJobInfo.CANCELED);
        assertThat(q.blocks.files(QDEV)).hasSize(3);
        assertThat(live("ab").localPath()).isEqualTo(file("top.qcow2"));
        eventually("the event", () -> events.contains("block-job-2:Block Commit for vda canceled"));
    }

    @Test
    void aJobQemuRunsOnAcrossADaemonRestartIsFollowedAgain() throws Exception {
        FakeQemu q = running("rs", file("top.qcow2"), file("base.raw"));
        domains.blockJobs().execute(new BlockJobCommand.Commit("rs", "vda", null, null, Set.of(CommitFlag.ACTIVE),
                1L << 20));
        String job = q.blocks.onlyJob();

        domains.close();
        domains = daemon();

        BlockJobInfo again = info("rs");
        assertThat(again.active()).isTrue();
        assertThat(again.type()).isEqualTo("active-commit");
        assertThat(again.bandwidth()).isEqualTo(1L << 20);
        q.blocks.progress(job);
        eventually("the job is ready", () -> info("rs").ready());
        domains.blockJobs().execute(new BlockJobCommand.Abort("rs", "vda", true, false));
        assertThat(live("rs").localPath()).isEqualTo(file("base.raw"));
        assertThat(config("rs").localPath()).isEqualTo(file("base.raw"));
    }

    @Test
    void aJobThatConcludedWhileTheDaemonWasAwayLeavesTheDefinitionOnWhatQemuUses() throws Exception {
        FakeQemu q = running("away", file("top.qcow2"), file("base.raw"));
        domains.blockJobs().execute(new BlockJobCommand.Pull("away", "vda", null, false, 0));
        String job = q.blocks.onlyJob();

        domains.close();
        q.blocks.progress(job);
        q.jobFinalize(job);
        domains = daemon();

        assertThat(SnapshotDisks.chainFiles(live("away"))).containsExactly(file("top.qcow2"));
        assertThat(q.commands).contains("job-dismiss " + job);
        DomainDef persisted = domains.lookup("away").persistentDef();
        assertThat(persisted.devices().disks().getFirst().localPath()).isEqualTo(file("top.qcow2"));
        assertThat(info("away").active()).isFalse();
    }

    @Test
    void aCommitWithDeleteRemovesTheMergedImagesAndKeepsOneAnotherProcessLocks() throws Exception {
        FakeQemu q = running("del", file("top.qcow2"), file("mid1.qcow2"), file("mid2.qcow2"), file("base.raw"));
        domains.blockJobs().execute(new BlockJobCommand.Commit("del", "vda", file("base.raw"), file("mid1.qcow2"),
                Set.of(CommitFlag.DELETE), 0));
        try (ImageLock other = ImageLock.acquire(Path.of(file("mid2.qcow2")), LockPerms.EXCLUSIVE)) {
            q.blocks.progress(q.blocks.onlyJob());
            eventually("the commit ended", () -> info("del").result() != null);
        }

        assertThat(info("del").result()).isEqualTo(BlockJobInfo.COMPLETED);
        assertThat(SnapshotDisks.chainFiles(live("del"))).containsExactly(file("top.qcow2"), file("base.raw"));
        assertThat(Path.of(file("mid1.qcow2"))).as("merged away and unused").doesNotExist();
        assertThat(Path.of(file("mid2.qcow2"))).as("another holder's lock keeps it").exists();
        assertThat(Path.of(file("top.qcow2"))).exists();
        assertThat(Path.of(file("base.raw"))).exists();
    }

    @Test
    void anActiveCommitWithDeleteRemovesTheOldTopAfterThePivotAndNothingAfterAnAbort() throws Exception {
        FakeQemu q = running("adel", file("top.qcow2"), file("base.raw"));
        domains.blockJobs().execute(new BlockJobCommand.Commit("adel", "vda", null, null,
                Set.of(CommitFlag.ACTIVE, CommitFlag.DELETE), 0));
        q.blocks.progress(q.blocks.onlyJob());
        eventually("the job is ready", () -> info("adel").ready());
        domains.blockJobs().execute(new BlockJobCommand.Abort("adel", "vda", false, false));
        assertThat(Path.of(file("top.qcow2"))).as("--keep-overlay keeps it").exists();

        domains.blockJobs().execute(new BlockJobCommand.Commit("adel", "vda", null, null,
                Set.of(CommitFlag.ACTIVE, CommitFlag.DELETE), 0));
        String job = q.blocks.onlyJob();
        q.blocks.progress(job);
        eventually("the job is ready again", () -> info("adel").ready());
        domains.blockJobs().execute(new BlockJobCommand.Abort("adel", "vda", true, false));

        assertThat(live("adel").localPath()).isEqualTo(file("base.raw"));
        assertThat(Path.of(file("top.qcow2"))).doesNotExist();
        assertThat(Path.of(file("base.raw"))).exists();
    }

    @Test
    void aCopyGivesQemuItsGranularityAndBufferSizeAndRefusesAGranularityThatIsNoPowerOfTwo() throws Exception {
        FakeQemu q = running("gran", file("top.qcow2"), file("base.raw"));

        assertThatThrownBy(() -> domains.blockJobs().execute(new BlockJobCommand.Copy("gran", "vda",
                file("c1.qcow2"), null, null, Set.of(), 0, 1000, -1)))
                .isInstanceOf(DaemonException.class)
                .hasMessage("The block copy cannot start: granularity must be power of 2 (1000 is not); the buffer "
                        + "size -1 is negative. Give --granularity as a power of two such as 65536, or leave it out "
                        + "for QEMU's choice.");
        assertThat(Path.of(file("c1.qcow2"))).doesNotExist();
        assertThatThrownBy(() -> domains.blockJobs().execute(new BlockJobCommand.Copy("gran", "vda",
                file("c1.qcow2"), null, null, Set.of(), 0, 256, 0)))
                .hasMessageContaining("outside QEMU's range of 512 bytes to 64 MiB");

        domains.blockJobs().execute(new BlockJobCommand.Copy("gran", "vda", file("c2.qcow2"), null, null, Set.of(),
                0, 1L << 16, 1L << 20));
        assertThat(q.commands).anyMatch(c -> c.startsWith("block-job-start Mirror")
                && c.contains("granularity=65536") && c.contains("bufSize=1048576")
                && c.contains("copyMode=BACKGROUND"));
    }

    @Test
    void aCopyWithSynchronousWritesAsksQemuForAWriteBlockingMirror() throws Exception {
        FakeQemu q = running("syncw", file("top.qcow2"), file("base.raw"));
        domains.blockJobs().execute(new BlockJobCommand.Copy("syncw", "vda", file("sw.qcow2"), null, null,
                Set.of(CopyFlag.SYNCHRONOUS_WRITES), 0));
        assertThat(q.commands).anyMatch(c -> c.startsWith("block-job-start Mirror")
                && c.contains("copyMode=WRITE_BLOCKING"));
    }

    @Test
    void aTransientCopyIsCanceledInsteadOfFollowedAfterADaemonRestart() throws Exception {
        FakeQemu q = running("tj", file("top.qcow2"), file("base.raw"));
        domains.blockJobs().execute(new BlockJobCommand.Copy("tj", "vda", file("tcopy.qcow2"), null, null,
                Set.of(CopyFlag.TRANSIENT_JOB), 0));
        String job = q.blocks.onlyJob();

        domains.close();
        domains = daemon();

        assertThat(q.commands).contains("job-cancel " + job);
        eventually("the copy ended", () -> info("tj").result() != null);
        assertThat(info("tj").result()).isEqualTo(BlockJobInfo.CANCELED);
        assertThat(live("tj").localPath()).isEqualTo(file("top.qcow2"));
        assertThat(q.blocks.files(QDEV)).containsExactly(file("top.qcow2"), file("base.raw"));
        eventually("the record is gone", () -> {
            try (var l = Files.list(state.resolve("block-jobs/jobs"))) {
                return l.findAny().isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void aCommitWithDeleteThatEndedWhileTheDaemonWasAwayDeletesTheMergedImageAtTheRestart() throws Exception {
        FakeQemu q = running("dr", file("top.qcow2"), file("mid.qcow2"), file("base.raw"));
        domains.blockJobs().execute(new BlockJobCommand.Commit("dr", "vda", null, file("mid.qcow2"),
                Set.of(CommitFlag.DELETE), 0));
        String job = q.blocks.onlyJob();

        domains.close();
        q.blocks.progress(job);
        q.jobFinalize(job);
        domains = daemon();

        assertThat(SnapshotDisks.chainFiles(live("dr"))).containsExactly(file("top.qcow2"), file("base.raw"));
        assertThat(Path.of(file("mid.qcow2"))).doesNotExist();
        assertThat(Path.of(file("top.qcow2"))).exists();
    }
}
