package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.host.HostView;
import io.jvirt.qemu.argv.HostHandles;
import io.jvirt.sys.Spawn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The host side of a starting domain, in order: its disks ({@link DiskPlumbing}), what its
 * devices need of the host ({@link DeviceHostChecks}), its host devices ({@link HostdevPlumbing}),
 * its network cards ({@link NicPlumbing}), its vsock context id, and the descriptors QEMU must
 * inherit. Each step that fails undoes the ones before it, so a failed start leaves nothing behind;
 * {@link #unplug} takes all of it away again when QEMU has ended.
 */
final class DomainPlumbing {
    /** The first descriptor number QEMU inherits a passed descriptor at. */
    private static final int FIRST_CHILD_FD = 3;

    private volatile NicPlumbing nics = NicPlumbing.NONE;
    private volatile DiskPlumbing disks = DiskPlumbing.NONE;
    private volatile HostdevPlumbing hostdevs = HostdevPlumbing.NONE;
    private volatile HostView host = HostView.SYSTEM;
    private final VsockCids cids = new VsockCids();

    /**
     * What a domain got for one start.
     *
     * @param live the live definition
     * @param handles what the command line refers to (descriptor numbers, SCSI nodes)
     * @param fds the descriptors QEMU inherits; the caller closes them once QEMU has started or failed
     */
    record Plugged(DomainDef live, HostHandles handles, List<Spawn.Fd> fds) {
        /** Closes the caller's copies of the passed descriptors. */
        void closeFds() {
            fds.forEach(f -> Spawn.close(f.parent()));
        }
    }

    /** The plumbing of network cards, for a card added to a running domain. */
    NicPlumbing nics() {
        return nics;
    }

    /** The plumbing of disks, for a disk added to a running domain. */
    DiskPlumbing disks() {
        return disks;
    }

    void setNics(NicPlumbing plumbing) {
        nics = plumbing;
    }

    void setDisks(DiskPlumbing plumbing) {
        disks = plumbing;
    }

    void setHostdevs(HostdevPlumbing plumbing) {
        hostdevs = plumbing;
    }

    void setHost(HostView view) {
        host = view;
    }

    /** Resolves and locks the disks: the first step, before the run directory exists. */
    DomainDef disks(String name, DomainDef requested) {
        return disks.plug(name, requested);
    }

    /** Releases only the disks, when a start fails before anything else was plugged. */
    void releaseDisks(String name, DomainDef withDisks) {
        disks.unplug(name, withDisks);
    }

    /**
     * Everything after the disks. On failure the disks are released too.
     *
     * @param uuid the domain's UUID
     * @param name the domain's name
     * @param withDisks what {@link #disks} returned
     * @return the live definition and what QEMU needs
     */
    Plugged devices(UUID uuid, String name, DomainDef withDisks) {
        List<String> problems = DeviceHostChecks.problems(withDisks, host);
        if (!problems.isEmpty()) {
            disks.unplug(name, withDisks);
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + name + "' cannot start: "
                    + String.join(" ", problems));
        }
        HostdevPlumbing.Plugged hd;
        try {
            hd = hostdevs.plug(name, withDisks);
        } catch (RuntimeException e) {
            disks.unplug(name, withDisks);
            throw e;
        }
        DomainDef withNics;
        try {
            withNics = nics.plug(name, hd.live());
        } catch (RuntimeException e) {
            hostdevs.unplug(name, hd.live());
            disks.unplug(name, withDisks);
            throw e;
        }
        DomainDef live;
        Map<Integer, Integer> open;
        try {
            live = cids.assign(uuid, name, withNics);
            open = nics.openTaps(name, live);
        } catch (IllegalArgumentException e) {
            unplug(uuid, name, withNics);
            throw new DaemonException(ErrorCode.IN_USE, e.getMessage(), e);
        } catch (RuntimeException e) {
            unplug(uuid, name, withNics);
            throw e;
        }
        Map<Integer, Integer> childFds = new HashMap<>();
        List<Spawn.Fd> fds = new ArrayList<>();
        open.keySet().stream().sorted().forEach(index -> {
            int child = FIRST_CHILD_FD + fds.size();
            childFds.put(index, child);
            fds.add(new Spawn.Fd(open.get(index), child));
        });
        return new Plugged(live, new HostHandles(childFds, hd.scsiGeneric()), fds);
    }

    /** Takes away the host side of a domain that stopped (or failed to start). Never throws. */
    void unplug(UUID uuid, String name, DomainDef live) {
        nics.unplug(name, live);
        hostdevs.unplug(name, live);
        cids.release(uuid);
        disks.unplug(name, live);
    }

    /** Moves a running domain's image locks from one live definition to the next (snapshot overlays, commits). */
    void relockDisks(String name, DomainDef before, DomainDef after) {
        disks.unplug(name, before);
        disks.adopt(name, after);
    }

    /** Takes over the host side of a domain found running after a daemon restart. */
    void adopt(UUID uuid, String name, DomainDef live) {
        disks.adopt(name, live);
        cids.adopt(uuid, live);
    }
}
