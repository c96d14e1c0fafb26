package io.jvirt.cli.snapshot;

import io.jvirt.cli.support.Verb;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiFunction;

/** The options snapshot-create and snapshot-create-as share, with libvirt's flag names. */
final class SnapshotCreateFlags {
    private final Verb.Flag noMetadata;
    private final Verb.Flag halt;
    private final Verb.Flag diskOnly;
    private final Verb.Flag reuseExternal;
    private final Verb.Flag quiesce;
    private final Verb.Flag atomic;
    private final Verb.Flag live;

    SnapshotCreateFlags(BiFunction<String, String, Verb.Flag> flag) {
        noMetadata = flag.apply("--no-metadata", "Take the snapshot but keep no metadata for it.");
        halt = flag.apply("--halt", "Stop the domain once the snapshot is taken.");
        diskOnly = flag.apply("--disk-only", "Disks only (external overlays), no memory.");
        reuseExternal = flag.apply("--reuse-external", "Use overlay and memory files that exist already.");
        quiesce = flag.apply("--quiesce", "Freeze the guest's file systems through its agent meanwhile.");
        atomic = flag.apply("--atomic", "All disks or none (jvirt's snapshots always are).");
        live = flag.apply("--live", "Capture the memory while the guest runs.");
    }

    /** The flags given, spelt as the API wants them. */
    Set<String> given() {
        Set<String> out = new LinkedHashSet<>();
        add(out, noMetadata, "no-metadata");
        add(out, halt, "halt");
        add(out, diskOnly, "disk-only");
        add(out, reuseExternal, "reuse-external");
        add(out, quiesce, "quiesce");
        add(out, atomic, "atomic");
        add(out, live, "live");
        return out;
    }

    private static void add(Set<String> out, Verb.Flag f, String name) {
        if (f.get()) {
            out.add(name);
        }
    }
}
