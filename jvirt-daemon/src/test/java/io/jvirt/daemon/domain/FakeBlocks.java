package io.jvirt.daemon.domain;

import io.jvirt.qemu.qmp.BlockChain;
import io.jvirt.qemu.qmp.BlockJobInfo;
import io.jvirt.qemu.qmp.BlockJobStart;
import io.jvirt.qemu.qmp.BlockNode;
import io.jvirt.qemu.qmp.BlockNodeInfo;
import io.jvirt.qemu.qmp.JobStatus;
import io.jvirt.qemu.qmp.MonitorEvent;
import io.jvirt.qemu.qmp.QemuJob;
import io.jvirt.qemu.qmp.QmpException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * QEMU 7.2's block graph and block jobs in memory, for {@link FakeQemu}: devices over chains
 * of named format nodes, and commit, stream and mirror jobs with auto-finalize off that a test
 * moves on ({@link #progress}); job-complete, job-cancel, job-finalize and job-dismiss behave
 * as QEMU's (a cancelled job concludes at once with QEMU's
 * "Operation canceled" and the chain as it was; the graph changes at finalization).
 */
final class FakeBlocks {
    /** A node: its file, format and size. */
    record Node(String file, String format, long size) {
    }

    private static final class Job {
        final BlockJobStart start;
        final String qdev;
        JobStatus status = JobStatus.RUNNING;
        boolean ready;
        boolean pivot;
        String error;
        long offset;
        final long length;
        long speed;

        Job(BlockJobStart start, String qdev, long length) {
            this.start = start;
            this.qdev = qdev;
            this.length = length;
            this.speed = start.speed();
        }
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    /** Each device's chain: format node names, top first. */
    private final Map<String, List<String>> chains = new LinkedHashMap<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Consumer<MonitorEvent> emit;

    FakeBlocks(Consumer<MonitorEvent> emit) {
        this.emit = emit;
    }

    /** Plugs a device {@code qdev} over the images {@code files} (top first, qcow2 over a raw base). */
    synchronized void device(String qdev, List<String> files, long size) {
        List<String> chain = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String name = i == 0 ? qdev + "-fmt" : "#block" + (100 + nodes.size());
            nodes.put(name, new Node(files.get(i), i == files.size() - 1 ? "raw" : "qcow2", size));
            nodes.put(name + "-file", new Node(files.get(i), "file", size));
            chain.add(name);
        }
        chains.put(qdev, chain);
    }

    synchronized List<String> files(String qdev) {
        return chains.get(qdev).stream().map(n -> nodes.get(n).file()).toList();
    }

    synchronized boolean hasNode(String name) {
        return nodes.containsKey(name);
    }

    /** The job moves on: a commit or stream to its finalization, a copy or active commit to ready. */
    synchronized void progress(String id) {
        Job j = job(id);
        j.offset = j.length;
        if (twoPhase(j)) {
            j.ready = true;
            status(j, JobStatus.READY);
            emit.accept(new MonitorEvent.BlockJob(MonitorEvent.BlockJobEvent.READY, id, j.offset, j.length, null,
                    Instant.now()));
        } else {
            status(j, JobStatus.PENDING);
        }
    }

    /** The job fails with an I/O error. */
    synchronized void fail(String id, String error) {
        Job j = job(id);
        j.error = error;
        status(j, JobStatus.CONCLUDED);
    }

    /** The id of the only job, or null. */
    synchronized String onlyJob() {
        return jobs.size() == 1 ? jobs.keySet().iterator().next() : null;
    }

    private static boolean twoPhase(Job j) {
        return j.start instanceof BlockJobStart.Mirror || j.start instanceof BlockJobStart.Commit c
                && c.topNode().equals(c.deviceNode());
    }

    private Job job(String id) {
        Job j = jobs.get(id);
        if (j == null) {
            throw QmpException.commandFailed("GenericError", "Job '" + id + "' not found");
        }
        return j;
    }

    private void status(Job j, JobStatus s) {
        j.status = s;
        emit.accept(new MonitorEvent.JobStatusChange(j.start.jobId(), s, Instant.now()));
    }

    // ---- the monitor's side

    synchronized void start(BlockJobStart s) {
        if (jobs.containsKey(s.jobId())) {
            throw QmpException.commandFailed("GenericError", "Duplicate job ID '" + s.jobId() + "'");
        }
        String qdev = null;
        for (Map.Entry<String, List<String>> c : chains.entrySet()) {
            if (c.getValue().getFirst().equals(s.deviceNode())) {
                qdev = c.getKey();
            }
        }
        if (qdev == null) {
            throw QmpException.commandFailed("GenericError", "Cannot find device='" + s.deviceNode() + "'");
        }
        jobs.put(s.jobId(), new Job(s, qdev, nodes.get(s.deviceNode()).size()));
        emit.accept(new MonitorEvent.JobStatusChange(s.jobId(), JobStatus.RUNNING, Instant.now()));
    }

    synchronized void setSpeed(String id, long speed) {
        job(id).speed = speed;
    }

    synchronized void complete(String id) {
        Job j = job(id);
        if (!j.ready) {
            throw QmpException.commandFailed("GenericError", "The active block job '" + id + "' cannot be completed");
        }
        j.pivot = true;
        status(j, JobStatus.PENDING);
    }

    /** As QEMU 7.2 with auto-finalize off: the job concludes at once, reporting the cancel; the chain stays. */
    synchronized void cancel(String id) {
        Job j = job(id);
        j.error = "Operation canceled";
        status(j, JobStatus.CONCLUDED);
    }

    /**
     * As QEMU 7.2's block-job-cancel without force: a ready job ends without error and without
     * a pivot (through PENDING, auto-finalize being off); one not ready yet is cancelled.
     */
    synchronized void softCancel(String id) {
        Job j = job(id);
        if (!j.ready) {
            cancel(id);
            return;
        }
        j.pivot = false;
        status(j, JobStatus.PENDING);
    }

    synchronized void finalizeJob(String id) {
        Job j = job(id);
        if (j.status != JobStatus.PENDING) {
            throw QmpException.commandFailed("GenericError", "Job '" + id + "' in state '" + j.status
                    + "' cannot accept command verb 'finalize'");
        }
        List<String> chain = chains.get(j.qdev);
        List<String> next = new ArrayList<>();
        switch (j.start) {
            case BlockJobStart.Commit c -> {
                int top = chain.indexOf(c.topNode());
                int base = chain.indexOf(c.baseNode());
                if (top > 0) {
                    next.addAll(chain.subList(0, top));
                    next.addAll(chain.subList(base, chain.size()));
                } else {
                    next.addAll(j.pivot ? chain.subList(base, chain.size()) : chain);
                }
            }
            case BlockJobStart.Stream st -> {
                next.add(chain.getFirst());
                if (st.baseNode() != null) {
                    next.addAll(chain.subList(chain.indexOf(st.baseNode()), chain.size()));
                }
            }
            case BlockJobStart.Mirror m -> {
                if (j.pivot) {
                    next.add(m.targetNode());
                    if (m.sync() == BlockJobStart.MirrorSync.TOP) {
                        next.addAll(chain.subList(1, chain.size()));
                    }
                } else {
                    next.addAll(chain);
                }
            }
        }
        for (String n : chain) {
            if (!next.contains(n) && n.startsWith("#")) {
                nodes.remove(n);
                nodes.remove(n + "-file");
            }
        }
        chains.put(j.qdev, next);
        status(j, JobStatus.CONCLUDED);
    }

    synchronized void dismiss(String id) {
        Job j = job(id);
        if (j.status != JobStatus.CONCLUDED) {
            throw QmpException.commandFailed("GenericError", "Job '" + id + "' cannot be dismissed now");
        }
        jobs.remove(id);
    }

    synchronized void add(BlockNode n) {
        if (nodes.containsKey(n.nodeName())) {
            throw QmpException.commandFailed("GenericError", "Duplicate nodes with node-name='" + n.nodeName() + "'");
        }
        switch (n) {
            case BlockNode.File f -> nodes.put(f.nodeName(), new Node(f.filename(), "file", 0));
            case BlockNode.Qcow2 q -> nodes.put(q.nodeName(), new Node(nodes.get(q.file()).file(), "qcow2", 0));
            case BlockNode.Raw r -> nodes.put(r.nodeName(), new Node(nodes.get(r.file()).file(), "raw", 0));
        }
    }

    synchronized void delete(String name) {
        for (List<String> c : chains.values()) {
            if (c.contains(name)) {
                throw QmpException.commandFailed("GenericError", "Node '" + name + "' is busy");
            }
        }
        nodes.remove(name);
    }

    synchronized List<QemuJob> queryJobs() {
        List<QemuJob> out = new ArrayList<>();
        jobs.forEach((id, j) -> out.add(new QemuJob(id, type(j), j.status, j.offset, j.length, j.error)));
        return out;
    }

    synchronized List<BlockJobInfo> queryBlockJobs() {
        List<BlockJobInfo> out = new ArrayList<>();
        jobs.forEach((id, j) -> out.add(new BlockJobInfo(id, type(j), j.offset, j.length, j.speed, j.ready, j.status)));
        return out;
    }

    private static String type(Job j) {
        return switch (j.start) {
            case BlockJobStart.Commit c -> "commit";
            case BlockJobStart.Stream s -> "stream";
            case BlockJobStart.Mirror m -> "mirror";
        };
    }

    synchronized List<BlockChain> queryBlockChains() {
        List<BlockChain> out = new ArrayList<>();
        chains.forEach((qdev, chain) -> out.add(new BlockChain(qdev, chain.getFirst(), chain.stream()
                .map(n -> new BlockChain.Layer(nodes.get(n).file(), nodes.get(n).format(), nodes.get(n).size()))
                .toList())));
        return out;
    }

    synchronized List<BlockNodeInfo> queryNamedBlockNodes() {
        List<BlockNodeInfo> out = new ArrayList<>();
        nodes.forEach((name, n) -> out.add(new BlockNodeInfo(name, n.format(), n.file(), false, null)));
        return out;
    }
}
