package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.BlockJobCommand.CommitFlag;
import io.jvirt.daemon.domain.BlockJobCommand.CopyFlag;
import io.jvirt.daemon.job.JobHandle;
import io.jvirt.daemon.job.JobOperation;
import io.jvirt.qemu.qmp.BlockChain;
import io.jvirt.qemu.qmp.BlockJobStart;
import io.jvirt.qemu.qmp.BlockNode;
import io.jvirt.qemu.qmp.QemuMonitor;
import io.jvirt.qemu.qmp.QmpException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Checks and starts block jobs (the domain's job lock held): finds the disk and the chain QEMU
 * has open, refuses what libvirt refuses (a second job on a disk, an active layer committed
 * without {@code --active}, a base above the top) before anything changes, records the job
 * durably, then starts QEMU's job. A start that fails leaves nothing behind.
 */
final class BlockJobStarter {
    private static final Logger LOG = Logger.getLogger(BlockJobStarter.class.getName());

    private final BlockJobContext ctx;

    BlockJobStarter(BlockJobContext ctx) {
        this.ctx = ctx;
    }

    /** The disk named by target or by its image's path. */
    static DiskDef disk(DomainObj obj, String ref) {
        DomainDef live = obj.liveDef();
        if (live == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Domain '" + obj.name() + "' is not running; block jobs "
                    + "run on running domains only.");
        }
        for (DiskDef d : live.devices().disks()) {
            if (d.target().dev().equals(ref) || ref.equals(d.localPath())) {
                return d;
            }
        }
        throw new DaemonException(ErrorCode.NOT_FOUND, "Domain '" + obj.name() + "' has no disk '" + ref + "'; see "
                + "'jvirt domblklist " + obj.name() + "'.");
    }

    /** The chain QEMU has open for {@code disk}. */
    static BlockChain chain(DomainObj obj, QemuMonitor m, DiskDef disk) {
        String top = disk.localPath();
        if (top != null) {
            for (BlockChain c : m.queryBlockChains()) {
                if (!c.layers().isEmpty() && c.files().getFirst().equals(top)) {
                    return c;
                }
            }
        }
        throw new DaemonException(ErrorCode.INVALID_STATE, "QEMU has no image of disk " + disk.target().dev()
                + " of domain '" + obj.name() + "' open" + (top == null ? "" : " (its definition names " + top + ")")
                + "; block jobs need a disk with a local image.");
    }

    BlockJobState commit(DomainObj obj, BlockJobCommand.Commit c) {
        QemuMonitor m = ctx.runner().requireActive(obj).monitor();
        DiskDef disk = disk(obj, c.disk());
        String target = disk.target().dev();
        BlockChain chain = chain(obj, m, disk);
        List<String> files = chain.files();
        if (files.size() < 2) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Disk " + target + " of domain '" + obj.name()
                    + "' has no backing image (its only image is " + files.getFirst() + "); there is nothing to commit.");
        }
        int top = c.top() == null || c.top().equals(target) ? 0 : index(obj, target, files, c.top(), "top");
        int base;
        if (c.base() != null) {
            base = index(obj, target, files, c.base(), "base");
        } else {
            base = c.flags().contains(CommitFlag.SHALLOW) ? top + 1 : files.size() - 1;
        }
        List<String> problems = new ArrayList<>();
        if (base <= top) {
            problems.add("the base " + files.get(Math.min(base, files.size() - 1)) + " must lie below the top "
                    + files.get(top) + " in the chain (" + String.join(" <- ", files.reversed()) + ")");
        }
        boolean active = top == 0;
        if (active && !c.flags().contains(CommitFlag.ACTIVE)) {
            problems.add("the top " + files.getFirst() + " is the disk's active layer, which is committed with --active "
                    + "(and --pivot or --keep-overlay to end the job), or give a lower --top");
        }
        if (!active && c.flags().contains(CommitFlag.ACTIVE)) {
            problems.add("--active was given, but the top " + files.get(top) + " is not the disk's active layer");
        }
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Disk " + target + " of domain '" + obj.name()
                    + "' cannot be committed: " + String.join("; ", problems) + ".");
        }
        BlockGraph g = BlockGraph.of(m);
        String topNode = node(obj, g, files.get(top));
        String baseNode = node(obj, g, files.get(base));
        String backingFile = active ? null
                : backingName(files.get(top - 1), files.get(base), c.flags().contains(CommitFlag.KEEP_RELATIVE));
        BlockJobType type = active ? BlockJobType.ACTIVE_COMMIT : BlockJobType.COMMIT;
        boolean delete = c.flags().contains(CommitFlag.DELETE);
        return begin(obj, target, type, chain, top, base, null, null, false, c.bandwidth(), m, new Prepare() {
            @Override
            public void before(BlockJobState s, JobHandle job) {
                if (delete) {
                    s.fact(BlockJobState.DELETE, "yes");
                }
            }

            @Override
            public BlockJobStart job(String id, BlockJobState s) {
                return new BlockJobStart.Commit(id, chain.nodeName(), topNode, baseNode, backingFile, c.bandwidth());
            }
        });
    }

    BlockJobState pull(DomainObj obj, BlockJobCommand.Pull c) {
        QemuMonitor m = ctx.runner().requireActive(obj).monitor();
        DiskDef disk = disk(obj, c.disk());
        String target = disk.target().dev();
        BlockChain chain = chain(obj, m, disk);
        List<String> files = chain.files();
        if (files.size() < 2) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Disk " + target + " of domain '" + obj.name()
                    + "' has no backing image (its only image is " + files.getFirst() + "); there is nothing to pull.");
        }
        int base = c.base() == null ? -1 : index(obj, target, files, c.base(), "base");
        if (base == 0) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The base of a pull must lie below the active layer "
                    + files.getFirst() + " of disk " + target + " of domain '" + obj.name() + "'.");
        }
        if (c.keepRelative() && base < 0) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "--keep-relative needs --base: a pull of the whole "
                    + "chain leaves disk " + target + " without a backing image.");
        }
        BlockGraph g = BlockGraph.of(m);
        String baseNode = base < 0 ? null : node(obj, g, files.get(base));
        String backingFile = base < 0 ? null : backingName(files.getFirst(), files.get(base), c.keepRelative());
        return begin(obj, target, BlockJobType.PULL, chain, 0, base, null, null, false, c.bandwidth(), m,
                id -> new BlockJobStart.Stream(id, chain.nodeName(), baseNode, backingFile, c.bandwidth()));
    }

    BlockJobState copy(DomainObj obj, BlockJobCommand.Copy c) {
        QemuMonitor m = ctx.runner().requireActive(obj).monitor();
        DiskDef disk = disk(obj, c.disk());
        String target = disk.target().dev();
        BlockChain chain = chain(obj, m, disk);
        List<String> files = chain.files();
        boolean shallow = c.flags().contains(CopyFlag.SHALLOW) && files.size() > 1;
        boolean reuse = c.flags().contains(CopyFlag.REUSE_EXTERNAL);
        boolean transientJob = c.flags().contains(CopyFlag.TRANSIENT_JOB);
        BlockJobStart.MirrorCopyMode copyMode = c.flags().contains(CopyFlag.SYNCHRONOUS_WRITES)
                ? BlockJobStart.MirrorCopyMode.WRITE_BLOCKING : BlockJobStart.MirrorCopyMode.BACKGROUND;
        checkTuning(c.granularity(), c.bufSize());
        DiskDef wanted = BlockCopyTarget.describe(disk, c.dest(), c.format(), c.destXml());
        DomainDef live = obj.liveDef();
        boolean volume = wanted.volume() != null;
        String path = volume ? null : wanted.localPath();
        if (!volume) {
            checkDestination(path, reuse, files);
        }
        // a volume is resolved (and every destination locked) by the storage plumbing
        DiskDef dest = volume ? ctx.runner().disks().plugDisk(obj.name(), live, wanted) : wanted;
        path = dest.localPath();
        if (volume) {
            try {
                checkDestination(path, true, files);
            } catch (RuntimeException e) {
                ctx.runner().relockDisks(obj, live, live);
                throw e;
            }
        }
        DiskFormat format = dest.format() != null ? dest.format()
                : BlockJobChains.format(chain.layers().getFirst().format());
        String fmtPath = path;
        BlockChain.Layer below = shallow ? chain.layers().get(1) : null;
        boolean create = !reuse;
        BlockGraph g = BlockGraph.of(m);
        String belowNode = below == null ? null : node(obj, g, below.filename());
        DiskDef destDisk = dest;
        return begin(obj, target, BlockJobType.COPY, chain, 0, shallow ? 1 : -1, fmtPath, destDisk, shallow,
                c.bandwidth(), m, new Prepare() {
                    @Override
                    public void before(BlockJobState s, JobHandle job) {
                        if (transientJob) {
                            s.fact(BlockJobState.TRANSIENT, "yes");
                        }
                        if (create) {
                            job.creating(Path.of(fmtPath));
                            BlockCopyTarget.create(Path.of(fmtPath), format, chain.layers().getFirst().virtualSize(),
                                    below == null ? null : below.filename(), below == null ? null : below.format());
                        }
                        if (!volume) {
                            ctx.runner().disks().plugDisk(obj.name(), obj.liveDef(), destDisk);
                        }
                        BlockNode.Cache cache = SnapshotFacts.cache(disk.driver().cache());
                        m.blockdevAdd(new BlockNode.File(SnapshotFacts.fileNode(s.destNode), fmtPath, cache, null, false));
                        m.blockdevAdd(format == DiskFormat.RAW
                                ? new BlockNode.Raw(s.destNode, SnapshotFacts.fileNode(s.destNode), cache, false)
                                : new BlockNode.Qcow2(s.destNode, SnapshotFacts.fileNode(s.destNode),
                                        belowNode == null ? new BlockNode.Backing.None()
                                                : new BlockNode.Backing.Node(belowNode), cache, false,
                                        disk.driver().discard() == null ? null : disk.driver().discard().xml()));
                    }

                    @Override
                    public BlockJobStart job(String id, BlockJobState s) {
                        return new BlockJobStart.Mirror(id, chain.nodeName(), s.destNode,
                                shallow ? BlockJobStart.MirrorSync.TOP : BlockJobStart.MirrorSync.FULL, c.bandwidth(),
                                c.granularity(), c.bufSize(), copyMode);
                    }
                });
    }

    /** The mirror's granularity (a power of two from 512 B to 64 MiB, as QEMU takes it) and buffer size. */
    static void checkTuning(long granularity, long bufSize) {
        List<String> problems = new ArrayList<>();
        if (granularity < 0 || granularity > 0 && Long.bitCount(granularity) != 1) {
            problems.add("granularity must be power of 2 (" + granularity + " is not)");
        } else if (granularity > 0 && (granularity < 512 || granularity > 64L << 20)) {
            problems.add("granularity " + granularity + " is outside QEMU's range of 512 bytes to 64 MiB");
        }
        if (bufSize < 0) {
            problems.add("the buffer size " + bufSize + " is negative");
        }
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The block copy cannot start: "
                    + String.join("; ", problems) + ". Give --granularity as a power of two such as 65536, or leave "
                    + "it out for QEMU's choice.");
        }
    }

    private static void checkDestination(String path, boolean reuse, List<String> files) {
        boolean exists = Files.exists(Path.of(path));
        if (files.contains(path)) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The copy's destination " + path + " is an image of "
                    + "the disk's own chain.");
        }
        if (exists && !reuse) {
            throw new DaemonException(ErrorCode.ALREADY_EXISTS, "The copy's destination " + path + " exists; give "
                    + "--reuse-external to copy into it, or choose a new file.");
        }
        if (!exists && reuse) {
            throw new DaemonException(ErrorCode.NOT_FOUND, "--reuse-external was given, but the copy's destination "
                    + path + " does not exist.");
        }
    }

    /** What a job does before QEMU's job starts (after its record exists), and QEMU's job itself. */
    private interface Prepare {
        void before(BlockJobState s, JobHandle job);

        BlockJobStart job(String id, BlockJobState s);
    }

    private interface Simple {
        BlockJobStart job(String id);
    }

    private BlockJobState begin(DomainObj obj, String target, BlockJobType type, BlockChain chain, int top, int base,
                                String dest, DiskDef destDisk, boolean shallow, long bandwidth, QemuMonitor m,
                                Simple simple) {
        return begin(obj, target, type, chain, top, base, dest, destDisk, shallow, bandwidth, m, new Prepare() {
            @Override
            public void before(BlockJobState s, JobHandle job) {
            }

            @Override
            public BlockJobStart job(String id, BlockJobState s) {
                return simple.job(id);
            }
        });
    }

    private BlockJobState begin(DomainObj obj, String target, BlockJobType type, BlockChain chain, int top, int base,
                                String dest, DiskDef destDisk, boolean shallow, long bandwidth, QemuMonitor m,
                                Prepare prepare) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(BlockJobState.DOMAIN, obj.uuid().toString());
        facts.put(BlockJobState.DISK, target);
        facts.put(BlockJobState.TYPE, type.word());
        facts.put(BlockJobState.QDEV, chain.qdev());
        facts.put(BlockJobState.BEFORE, String.join("\n", chain.files()));
        facts.put(BlockJobState.TOP_INDEX, Integer.toString(top));
        facts.put(BlockJobState.BASE_INDEX, Integer.toString(base));
        if (dest != null) {
            facts.put(BlockJobState.DEST, dest);
            facts.put(BlockJobState.SHALLOW, Boolean.toString(shallow));
            if (destDisk.location() instanceof DiskSource.Volume v && v.pool() != null) {
                facts.put(BlockJobState.DEST_POOL, v.pool());
                facts.put(BlockJobState.DEST_VOLUME, v.volume());
            }
        }
        JobHandle job = ctx.jobs().begin(BlockJobState.recordKey(obj.uuid(), target), BlockJobState.NO_HOLDER,
                JobOperation.BLOCK_JOB, BlockJobState.KIND, "start", facts);
        String qemuJob = "jv-" + job.record().id() + "-" + target;
        String destNode = dest == null ? null : "jv-" + job.record().id() + "-copy";
        BlockJobState s = new BlockJobState(obj, target, type, qemuJob, chain.qdev(), chain.files(), top, base, dest,
                destDisk == null ? null : destDisk.source(), destNode, shallow);
        s.attach(job);
        s.bandwidth = bandwidth;
        try {
            s.fact(BlockJobState.QEMU_JOB, qemuJob);
            if (destNode != null) {
                s.fact(BlockJobState.DEST_NODE, destNode);
            }
            prepare.before(s, job);
            m.blockJobStart(prepare.job(qemuJob, s));
            s.phase("running");
            return s;
        } catch (RuntimeException e) {
            undoStart(obj, s, job, m);
            if (e instanceof QmpException q) {
                throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU refused the " + type.label().toLowerCase(
                        Locale.ROOT) + " of disk " + target + " of domain '" + obj.name() + "': "
                        + q.getMessage() + ". Nothing was changed.", q);
            }
            throw e;
        }
    }

    /** Takes back what a failed start did: the destination's nodes, its lock and the file made for it. */
    private void undoStart(DomainObj obj, BlockJobState s, JobHandle job, QemuMonitor m) {
        if (s.destNode != null) {
            for (String n : new String[] {s.destNode, SnapshotFacts.fileNode(s.destNode)}) {
                try {
                    m.blockdevDel(n);
                } catch (RuntimeException e) {
                    LOG.fine("blockdev-del " + n + ": " + e.getMessage());
                }
            }
            ctx.runner().relockDisks(obj, obj.liveDef(), obj.liveDef());
        }
        for (String f : job.record().created()) {
            try {
                Files.deleteIfExists(Path.of(f));
            } catch (IOException e) {
                LOG.warning("cannot remove " + f + " made for a block copy that did not start: " + e.getMessage());
            }
        }
        s.close("the job did not start");
    }

    private static int index(DomainObj obj, String target, List<String> files, String image, String what) {
        String abs = Path.of(image).isAbsolute() ? Path.of(image).normalize().toString() : image;
        int i = files.indexOf(abs);
        if (i < 0) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The " + what + " " + image + " is not an image of "
                    + "disk " + target + " of domain '" + obj.name() + "' (its chain, top first: "
                    + String.join(", ", files) + ").");
        }
        return i;
    }

    private static String node(DomainObj obj, BlockGraph g, String file) {
        String n = g.formatNode(file);
        if (n == null) {
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU has no node for the image " + file
                    + " of domain '" + obj.name() + "'; nothing was started.");
        }
        return n;
    }

    /** The name the image above records for its new backing {@code base}: relative to its directory, or absolute. */
    static String backingName(String above, String base, boolean relative) {
        if (!relative) {
            return base;
        }
        Path dir = Path.of(above).getParent();
        return dir == null ? base : dir.relativize(Path.of(base)).toString();
    }
}
