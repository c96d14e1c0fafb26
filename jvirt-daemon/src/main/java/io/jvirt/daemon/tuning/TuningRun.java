package io.jvirt.daemon.tuning;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link TuningPlan} against the host and records each outcome: the cgroup first (when a
 * step needs one and the host has cgroup v2, QEMU moves into its own group in jvirt's slice),
 * then each step in order. A step that fails is reported as not applied with the kernel's
 * reason; the others still run.
 */
final class TuningRun {

    private final HostTuning host;
    private final List<TuningPlan.Step> plan;
    private final QemuThreadMap threads;
    private final TuningReport report = new TuningReport();
    private final Map<String, Path> children = new HashMap<>();
    private Path group;
    private String noGroup;

    TuningRun(HostTuning host, List<TuningPlan.Step> plan, QemuThreadMap threads) {
        this.host = host;
        this.plan = plan;
        this.threads = threads;
    }

    DomainTuning.Applied run(String cgroupName) {
        cgroup(cgroupName);
        for (TuningPlan.Step s : plan) {
            switch (s) {
                case TuningPlan.Pin p -> pin(p);
                case TuningPlan.Schedule sc -> schedule(sc);
                case TuningPlan.Child c -> child(c);
                case TuningPlan.Write w -> write(w);
                case TuningPlan.ByQemu b -> report.applied(b.section(), b.setting(), "by QEMU: " + b.detail());
                case TuningPlan.Skip k -> report.notApplied(k.section(), k.setting(), k.reason());
            }
        }
        return new DomainTuning.Applied(report, group);
    }

    /** Moves QEMU into a cgroup of its own, where the host has cgroup v2. */
    private void cgroup(String name) {
        noGroup = host.cgroupUnavailable();
        if (noGroup != null) {
            if (plan.stream().anyMatch(TuningPlan::needsCgroup)) {
                report.notApplied("cgroup", "QEMU's cgroup", noGroup);
            }
            return;
        }
        try {
            Path g = host.createCgroup(name);
            try {
                host.moveProcess(g, threads.pid());
            } catch (IOException e) {
                host.removeCgroup(g);
                throw e;
            }
            group = g;
            report.applied("cgroup", "QEMU's cgroup", g.toString());
        } catch (IOException e) {
            noGroup = "QEMU's cgroup could not be made: " + e.getMessage();
            report.notApplied("cgroup", "QEMU's cgroup", noGroup);
        }
    }

    private void pin(TuningPlan.Pin p) {
        try {
            host.setAffinity(p.tid(), p.cpus().bits());
            report.applied(p.section(), p.setting(), p.thread() + " on CPUs " + p.cpus());
        } catch (IOException e) {
            report.notApplied(p.section(), p.setting(), p.thread() + ": " + e.getMessage());
        }
    }

    private void schedule(TuningPlan.Schedule s) {
        try {
            host.setScheduler(s.tid(), s.policy(), s.priority());
            report.applied(s.section(), s.setting(), s.thread() + " " + s.policy().xml()
                    + (s.policy().realTime() ? " " + s.priority() : ""));
        } catch (IOException e) {
            report.notApplied(s.section(), s.setting(), s.thread() + ": " + e.getMessage());
        }
    }

    private void child(TuningPlan.Child c) {
        if (group == null || !host.cgroupControllers().contains("cpu")) {
            return; // the write that needs it reports why
        }
        try {
            Path dir = host.createThreadedChild(group, c.child());
            for (long tid : c.tids()) {
                host.moveThread(dir, tid);
            }
            children.put(c.child(), dir);
        } catch (IOException e) {
            report.notApplied(c.section(), c.setting(), "the cgroup of " + c.child() + ": " + e.getMessage());
        }
    }

    private void write(TuningPlan.Write w) {
        String what = w.file() + (w.child() == null ? "" : " of " + w.child());
        if (group == null) {
            report.notApplied(w.section(), w.setting(), what + ": " + noGroup);
            return;
        }
        if (!host.cgroupControllers().contains(w.controller())) {
            report.notApplied(w.section(), w.setting(), what + ": " + host.controllerUnavailable(w.controller()));
            return;
        }
        Path dir = w.child() == null ? group : children.get(w.child());
        if (dir == null) {
            return; // its child could not be made, which is reported
        }
        try {
            String value = w.device() == null ? w.value() : host.blockDevice(w.device()) + " " + w.value();
            host.writeCgroup(dir, w.file(), value);
            report.applied(w.section(), w.setting(), what + " = " + value);
        } catch (IOException e) {
            report.notApplied(w.section(), w.setting(), what + ": " + e.getMessage());
        }
    }
}
