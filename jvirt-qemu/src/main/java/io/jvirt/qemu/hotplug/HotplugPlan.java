package io.jvirt.qemu.hotplug;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.qemu.argv.LaunchContext;
import io.jvirt.qemu.argv.QemuArgv;
import io.jvirt.qemu.hotplug.HotplugException.Kind;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The monitor commands that turn a running machine built from one live definition into the
 * machine the other describes, for changes of whole devices: a pure function that renders the
 * command line of both ({@link QemuArgv#build}) and compares their device options. What only
 * the new one has is added (block nodes, network back ends and objects before the devices that
 * use them, in command-line order); what only the old one has is removed (the devices first,
 * then, once QEMU reports them gone, what they used, top nodes first). A device therefore gets
 * on the fly exactly the properties, ids and address a start would give it.
 */
public final class HotplugPlan {

    private HotplugPlan() {
    }

    /**
     * What to add to a machine running {@code before} so that it runs {@code after}.
     *
     * @param before the live definition now
     * @param after the live definition with the new device(s), addresses assigned
     * @param ctx the launch context of the running machine
     * @return the steps, in order
     * @throws HotplugException when the change would also change or remove existing devices, or needs
     *     a character device (which QEMU's {@code chardev-add} takes in another form)
     */
    public static List<HotplugStep> attach(DomainDef before, DomainDef after, LaunchContext ctx) {
        Diff d = diff(before, after, ctx);
        if (!d.removed.isEmpty()) {
            throw new HotplugException(Kind.CONFLICT, "Adding the device would change devices the running guest "
                    + "already has (" + describe(d.removed) + "); attach it to the persistent definition "
                    + "(--config) and restart the domain.");
        }
        return steps(d.added, true);
    }

    /**
     * What to remove from a machine running {@code before} so that it runs {@code after}: the
     * {@code device_del} steps first, then the clean-up of what the devices used.
     *
     * @param before the live definition now
     * @param after the live definition without the device(s)
     * @param ctx the launch context of the running machine
     * @return the steps, in order
     * @throws HotplugException when the change would also add or change other devices
     */
    public static List<HotplugStep> detach(DomainDef before, DomainDef after, LaunchContext ctx) {
        Diff d = diff(before, after, ctx);
        if (!d.added.isEmpty()) {
            throw new HotplugException(Kind.CONFLICT, "Removing the device would change other devices of the "
                    + "running guest (" + describe(d.added) + "); detach it from the persistent definition "
                    + "(--config) and restart the domain.");
        }
        List<HotplugStep> devices = new ArrayList<>();
        List<HotplugStep> rest = new ArrayList<>();
        for (HotplugStep s : steps(d.removed, false)) {
            if (s instanceof HotplugStep.DelDevice) {
                devices.add(s);
            } else {
                rest.add(s);
            }
        }
        // a node can be removed only once nothing above it uses it: the command line lists
        // lower nodes first, so remove in reverse
        devices.addAll(rest.reversed());
        return List.copyOf(devices);
    }

    /**
     * The block nodes that change when a drive's medium changes: those to remove (top first) and
     * those to add (bottom first), and the node to insert.
     *
     * @param remove {@code blockdev-del} steps of the old medium
     * @param add {@code blockdev-add} steps of the new medium
     * @param top the new medium's top node, or null when the drive is left empty
     */
    public record Media(List<HotplugStep> remove, List<HotplugStep> add, String top) {
        /** Copies the lists. */
        public Media {
            remove = List.copyOf(remove);
            add = List.copyOf(add);
        }
    }

    /**
     * The block nodes of a medium change of the drive {@code deviceId}.
     *
     * @param before the live definition with the old medium (or an empty drive)
     * @param after the live definition with the new medium (or an empty drive)
     * @param ctx the launch context
     * @param deviceId the drive's device id
     * @return the nodes to remove and add
     * @throws HotplugException when something else than the drive's nodes would change
     */
    public static Media media(DomainDef before, DomainDef after, LaunchContext ctx, String deviceId) {
        List<ArgvEntry> old = ArgvEntry.of(QemuArgv.build(before, ctx));
        List<ArgvEntry> now = ArgvEntry.of(QemuArgv.build(after, ctx));
        List<ArgvEntry> oldNodes = nodesOf(old, deviceId);
        List<ArgvEntry> newNodes = nodesOf(now, deviceId);
        // nothing but the drive's own nodes (and the drive, which names them) may differ
        List<ArgvEntry> restOld = new ArrayList<>(old);
        restOld.removeAll(oldNodes);
        restOld.removeIf(e -> isDevice(e, deviceId));
        List<ArgvEntry> restNew = new ArrayList<>(now);
        restNew.removeAll(newNodes);
        restNew.removeIf(e -> isDevice(e, deviceId));
        if (!restOld.equals(restNew)) {
            throw new HotplugException(Kind.CONFLICT, "Changing the medium of " + deviceId + " would change other "
                    + "devices; change it in the persistent definition and restart the domain.");
        }
        List<HotplugStep> remove = new ArrayList<>();
        for (ArgvEntry e : oldNodes.reversed()) {
            remove.add(new HotplugStep.DelBlockdev(e.id()));
        }
        List<HotplugStep> add = new ArrayList<>();
        for (ArgvEntry e : newNodes) {
            add.add(new HotplugStep.AddBlockdev(e.id(), QmpProps.blockdev(e.value())));
        }
        return new Media(remove, add, driveNode(after, ctx, deviceId));
    }

    /**
     * The block nodes under a device's drive, lowest first (command-line order): its {@code drive}
     * node and every node that one names, down the chain ({@code file}, {@code backing}, ...).
     */
    private static List<ArgvEntry> nodesOf(List<ArgvEntry> entries, String deviceId) {
        Map<String, ArgvEntry> byName = new LinkedHashMap<>();
        String top = null;
        for (ArgvEntry e : entries) {
            if (e.option().equals("-blockdev")) {
                byName.put(e.id(), e);
            } else if (isDevice(e, deviceId)) {
                Object drive = QmpProps.device(e.value()).get("drive");
                top = drive == null ? null : drive.toString();
            }
        }
        Set<String> wanted = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        if (top != null) {
            todo.add(top);
        }
        while (!todo.isEmpty()) {
            String n = todo.pop();
            ArgvEntry e = byName.get(n);
            if (e == null || !wanted.add(n)) {
                continue;
            }
            referenced(QmpProps.blockdev(e.value()), byName.keySet(), todo);
        }
        List<ArgvEntry> out = new ArrayList<>();
        for (ArgvEntry e : entries) {
            if (e.option().equals("-blockdev") && wanted.contains(e.id())) {
                out.add(e);
            }
        }
        return out;
    }

    /** Collects the node names a node's properties mention, at any depth. */
    @SuppressWarnings("unchecked")
    private static void referenced(Map<String, Object> props, Set<String> nodes, ArrayDeque<String> todo) {
        for (Map.Entry<String, Object> p : props.entrySet()) {
            if (p.getKey().equals("node-name")) {
                continue;
            }
            if (p.getValue() instanceof Map<?, ?> m) {
                referenced((Map<String, Object>) m, nodes, todo);
            } else if (p.getValue() instanceof String s && nodes.contains(s)) {
                todo.add(s);
            }
        }
    }

    /**
     * The block node a device reads and writes (its {@code drive} property), as a start gives it.
     *
     * @param def the live definition
     * @param ctx the launch context
     * @param deviceId the device id
     * @return the node name, or null when the device has no medium
     * @throws HotplugException when the definition has no such device
     */
    public static String driveNode(DomainDef def, LaunchContext ctx, String deviceId) {
        for (ArgvEntry e : ArgvEntry.of(QemuArgv.build(def, ctx))) {
            if (isDevice(e, deviceId)) {
                Object drive = QmpProps.device(e.value()).get("drive");
                return drive == null ? null : drive.toString();
            }
        }
        throw new HotplugException(Kind.CONFLICT, "The running machine has no device with id '" + deviceId + "'.");
    }

    /**
     * The ids of the devices ({@code -device} entries) a definition gives QEMU, in order.
     *
     * @param def the definition
     * @param ctx the launch context
     * @return the ids; devices without one are left out
     */
    public static List<String> deviceIds(DomainDef def, LaunchContext ctx) {
        List<String> out = new ArrayList<>();
        for (ArgvEntry e : ArgvEntry.of(QemuArgv.build(def, ctx))) {
            if (e.option().equals("-device") && e.id() != null) {
                out.add(e.id());
            }
        }
        return out;
    }

    private static boolean isDevice(ArgvEntry e, String deviceId) {
        return e.option().equals("-device") && deviceId.equals(e.id());
    }

    private record Diff(List<ArgvEntry> added, List<ArgvEntry> removed) { }

    /** The entries only {@code after} has and those only {@code before} has, each in command-line order. */
    private static Diff diff(DomainDef before, DomainDef after, LaunchContext ctx) {
        List<ArgvEntry> old = ArgvEntry.of(QemuArgv.build(before, ctx));
        List<ArgvEntry> now = ArgvEntry.of(QemuArgv.build(after, ctx));
        List<ArgvEntry> added = new ArrayList<>(now);
        List<ArgvEntry> removed = new ArrayList<>();
        for (ArgvEntry e : old) {
            if (!added.remove(e)) {
                removed.add(e);
            }
        }
        // keep the command line's order among the added entries
        List<ArgvEntry> ordered = new ArrayList<>();
        List<ArgvEntry> pool = new ArrayList<>(added);
        for (ArgvEntry e : now) {
            if (pool.remove(e)) {
                ordered.add(e);
            }
        }
        return new Diff(ordered, removed);
    }

    private static List<HotplugStep> steps(List<ArgvEntry> entries, boolean add) {
        List<HotplugStep> out = new ArrayList<>();
        for (ArgvEntry e : entries) {
            String id = e.id();
            if (id == null) {
                throw new HotplugException(Kind.UNSUPPORTED, "QEMU cannot name the " + describe(List.of(e))
                        + ", so it cannot be " + (add ? "added to" : "removed from") + " the running machine.");
            }
            Map<String, Object> props;
            HotplugStep step = switch (e.option()) {
                case "-device" -> {
                    props = QmpProps.device(e.value());
                    yield add ? new HotplugStep.AddDevice(id, props) : new HotplugStep.DelDevice(id);
                }
                case "-blockdev" -> add ? new HotplugStep.AddBlockdev(id, QmpProps.blockdev(e.value()))
                        : new HotplugStep.DelBlockdev(id);
                case "-netdev" -> add ? new HotplugStep.AddNetdev(id, QmpProps.netdev(e.value()))
                        : new HotplugStep.DelNetdev(id);
                case "-object" -> add ? new HotplugStep.AddObject(id, QmpProps.object(e.value()))
                        : new HotplugStep.DelObject(id);
                default -> throw new HotplugException(Kind.UNSUPPORTED, "The device needs a character device ("
                        + e.option() + " " + e.value() + "), which jvirt does not add to or remove from a running "
                        + "machine; change the persistent definition (--config) and restart the domain.");
            };
            out.add(step);
        }
        return out;
    }

    private static String describe(List<ArgvEntry> entries) {
        List<String> parts = new ArrayList<>();
        for (ArgvEntry e : entries) {
            String id = e.id();
            parts.add(e.option().substring(1) + (id == null ? "" : " " + id));
        }
        return String.join(", ", parts);
    }
}
