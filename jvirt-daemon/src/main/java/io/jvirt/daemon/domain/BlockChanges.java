package io.jvirt.daemon.domain;

import io.jvirt.api.BlockIoTune;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.IoTune;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.argv.QemuArgv;
import io.jvirt.qemu.hotplug.HotplugException;
import io.jvirt.qemu.hotplug.HotplugPlan;
import io.jvirt.qemu.qmp.IoThrottle;
import io.jvirt.qemu.qmp.QmpException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running domain's disks: their size ({@code blockresize}, QMP {@code block_resize} on the
 * drive's top node) and their I/O limits ({@code blkdeviotune}, {@code block_set_io_throttle}
 * and {@code query-block}), by libvirt's names and rules. Job lock held for changes.
 */
final class BlockChanges {
    /** libvirt's limit names in the order {@code blkdeviotune} prints them (group_name after size_iops_sec). */
    static final List<String> LIMITS = List.of("total_bytes_sec", "read_bytes_sec", "write_bytes_sec",
            "total_iops_sec", "read_iops_sec", "write_iops_sec", "total_bytes_sec_max", "read_bytes_sec_max",
            "write_bytes_sec_max", "total_iops_sec_max", "read_iops_sec_max", "write_iops_sec_max", "size_iops_sec",
            "total_bytes_sec_max_length", "read_bytes_sec_max_length", "write_bytes_sec_max_length",
            "total_iops_sec_max_length", "read_iops_sec_max_length", "write_iops_sec_max_length");

    private final DomainRunner runner;
    private final DefinitionSaves saves;

    BlockChanges(DomainRunner runner, DefinitionSaves saves) {
        this.runner = runner;
        this.saves = saves;
    }

    /** The disk named by its target or its source path, as libvirt's virDomainDiskByName. */
    static DiskDef disk(DomainObj obj, DomainDef def, String name) {
        return def.devices().disks().stream()
                .filter(d -> d.target().dev().equals(name) || name.equals(d.localPath()))
                .findFirst().orElseThrow(() -> new DaemonException(ErrorCode.NOT_FOUND, "domain '" + obj.name()
                        + "' has no disk '" + name + "' (a target such as vda, or a source path); see 'jvirt "
                        + "domblklist " + obj.name() + "'."));
    }

    /** {@code blockresize}: the image under the drive grows (or shrinks) to {@code bytes}. */
    void resize(DomainObj obj, String name, long bytes) {
        runner.requireActive(obj);
        DomainDef live = obj.liveDef();
        DiskDef d = disk(obj, live, name);
        if (d.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "the disk " + d.target().dev() + " of domain '"
                    + obj.name() + "' has no medium to resize.");
        }
        if (d.effectivelyReadonly()) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "the disk " + d.target().dev() + " of domain '"
                    + obj.name() + "' is read-only and cannot be resized.");
        }
        String node;
        try {
            node = HotplugPlan.driveNode(live, runner.context(obj), QemuArgv.diskId(live, d));
        } catch (HotplugException e) {
            throw new DaemonException(ErrorCode.INTERNAL, "domain '" + obj.name() + "': " + e.getMessage(), e);
        }
        try {
            runner.requireActive(obj).monitor().blockResize(node, bytes);
        } catch (QmpException e) {
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': resizing the disk "
                    + d.target().dev() + " to " + bytes + " bytes failed: " + DomainRunner.sentence(e.getMessage()), e);
        }
    }

    /**
     * {@code blkdeviotune} without limits: what the running drive has, or with {@code config}
     * what the persistent definition's {@code <iotune>} holds (unset limits are 0).
     */
    BlockIoTune ioTune(DomainObj obj, String name, boolean config) {
        if (config) {
            DiskDef d = disk(obj, obj.persistentDef(), name);
            IoTune t = d.iotune();
            Map<String, Long> out = new LinkedHashMap<>();
            for (String n : LIMITS) {
                out.put(n, t == null ? 0L : t.limits().getOrDefault(n, 0L));
            }
            return new BlockIoTune(d.target().dev(), out, t == null ? null : t.groupName());
        }
        runner.requireActive(obj);
        DomainDef live = obj.liveDef();
        DiskDef d = disk(obj, live, name);
        IoThrottle t;
        try {
            t = runner.requireActive(obj).monitor().queryDrive(QemuArgv.diskId(live, d)).throttle();
        } catch (QmpException e) {
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "domain '" + obj.name() + "': "
                    + DomainRunner.sentence(e.getMessage()), e);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (String n : LIMITS) {
            out.put(n, t.get(qmpName(n)));
        }
        return new BlockIoTune(d.target().dev(), out, t.group());
    }

    /**
     * {@code blkdeviotune} with limits: the named limits change, the others stay; with
     * {@code --live} on the running drive (and its live definition), with {@code --config} in
     * the persistent definition's {@code <iotune>} (no limit left removes it, group and all, as
     * libvirt does). Everything is checked before anything changes.
     */
    void setIoTune(DomainObj obj, HotplugCommand.SetBlockIoTune c) {
        Affect.Target target = c.affect().resolve(obj);
        List<String> unknown = new ArrayList<>(c.limits().keySet());
        unknown.removeAll(LIMITS);
        if (!unknown.isEmpty()) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "unknown I/O limits " + unknown + "; the limits are "
                    + String.join(", ", LIMITS) + ".");
        }
        DomainDef config = null;
        if (target.config()) {
            DomainDef cfg = obj.persistentDef();
            DiskDef d = disk(obj, cfg, c.disk());
            BlockIoTune now = ioTune(obj, c.disk(), true);
            Map<String, Long> merged = merged(obj, now, c);
            IoTune t = DefinitionSaves.build(obj.name(), () -> new IoTune(merged, group(now, c)));
            config = DefinitionSaves.build(obj.name(), () -> LiveDevices.replacing(cfg, d,
                    d.toBuilder().iotune(t.hasLimits() ? t : null).build()));
        }
        if (target.live()) {
            BlockIoTune now = ioTune(obj, c.disk(), false);
            Map<String, Long> merged = merged(obj, now, c);
            String group = group(now, c);
            IoTune t = DefinitionSaves.build(obj.name(), () -> new IoTune(merged, group));
            DomainDef live = obj.liveDef();
            DiskDef d = disk(obj, live, c.disk());
            Map<String, Long> qmp = new LinkedHashMap<>();
            merged.forEach((k, v) -> qmp.put(qmpName(k), v));
            String id = QemuArgv.diskId(live, d);
            DomainDef changed = DefinitionSaves.build(obj.name(), () -> LiveDevices.replacing(live, d,
                    d.toBuilder().iotune(t.hasLimits() ? t : null).build()));
            runner.monitor(obj, m -> m.setIoThrottle(id, new IoThrottle(qmp, group)));
            saves.live(obj, changed);
        }
        if (config != null) {
            saves.config(obj, config);
        }
    }

    private static Map<String, Long> merged(DomainObj obj, BlockIoTune now, HotplugCommand.SetBlockIoTune c) {
        Map<String, Long> merged = new LinkedHashMap<>(now.limits());
        merged.putAll(c.limits());
        check(obj, merged, c.limits());
        return merged;
    }

    private static String group(BlockIoTune now, HotplugCommand.SetBlockIoTune c) {
        return c.group() != null ? c.group() : now.group();
    }

    /** libvirt's checks: a total limit excludes its read and write limits; a burst needs its limit. */
    private static void check(DomainObj obj, Map<String, Long> all, Map<String, Long> given) {
        for (String kind : List.of("bytes_sec", "iops_sec", "bytes_sec_max", "iops_sec_max")) {
            boolean total = all.get("total_" + kind) > 0;
            boolean rw = all.get("read_" + kind) > 0 || all.get("write_" + kind) > 0;
            if (total && rw) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "the total and the read/write " + kind
                        + " limits of domain '" + obj.name() + "' cannot be set at the same time; set the others "
                        + "to 0.");
            }
        }
        for (String dir : List.of("total_", "read_", "write_")) {
            for (String kind : List.of("bytes_sec", "iops_sec")) {
                if (all.get(dir + kind + "_max") > 0 && all.get(dir + kind) == 0) {
                    throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "the burst limit " + dir + kind + "_max of "
                            + "domain '" + obj.name() + "' needs " + dir + kind + " set too.");
                }
                if (all.get(dir + kind + "_max_length") > 0 && all.get(dir + kind + "_max") == 0) {
                    throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "the burst length " + dir + kind
                            + "_max_length of domain '" + obj.name() + "' needs " + dir + kind + "_max set too.");
                }
            }
        }
    }

    /** QMP's name of a libvirt limit: total_bytes_sec is bps, read_iops_sec_max_length iops_rd_max_length. */
    static String qmpName(String libvirt) {
        if (libvirt.equals("size_iops_sec")) {
            return "iops_size";
        }
        String dir = libvirt.startsWith("read_") ? "_rd" : libvirt.startsWith("write_") ? "_wr" : "";
        String rest = libvirt.substring(libvirt.indexOf('_') + 1);
        String base = rest.startsWith("bytes_sec") ? "bps" : "iops";
        String suffix = rest.substring(rest.indexOf("_sec") + 4);
        return base + dir + suffix;
    }
}
