package io.jvirt.cli.install;

import java.util.List;

/**
 * Reads, for {@link InstallPlanner}, the options beyond disks, network cards and the common
 * devices: host resources ({@link PassthroughArgs}), the rarer devices ({@link ExtraDeviceArgs})
 * and tuning ({@link TuningArgs}), each group by its own reader.
 */
final class MoreOptions {
    private MoreOptions() {
    }

    /**
     * Reads them into the guest.
     *
     * @param g the guest
     * @param a the command line's options
     * @param host the host, for the directories shared
     * @param dev the device reader, for {@code --parallel}
     * @param p where problems go
     * @param notes where notes for the user go
     */
    static void read(GuestSpec g, InstallArgs a, HostFacts host, DeviceOptions dev, Problems p, List<String> notes) {
        PassthroughOptions pass = new PassthroughOptions(g, host, p);
        a.passthrough().filesystems().forEach(pass::filesystem);
        a.passthrough().hostdevs().forEach(pass::hostdev);

        ExtraDeviceArgs e = a.extraDevices();
        ExtraDeviceOptions x = new ExtraDeviceOptions(g, p);
        e.panics().forEach(x::panic);
        e.vsocks().forEach(x::vsock);
        e.iommus().forEach(x::iommu);
        e.parallels().forEach(t -> dev.chardev("parallel", t));
        e.smartcards().forEach(x::smartcard);
        e.redirdevs().forEach(x::redirdev);
        e.shmems().forEach(x::shmem);
        e.audios().forEach(x::audio);
        x.pm(e.pm());
        x.resource(e.resource());
        e.seclabels().forEach(x::seclabel);
        e.launchSecurity().forEach(x::launchSecurity);

        TuningArgs t = a.tuning();
        TuningOptions tuning = new TuningOptions(g, p);
        tuning.iothreads(t.iothreads());
        tuning.cputune(t.cputune());
        tuning.numatune(t.numatune());
        tuning.memtune(t.memtune());
        tuning.blkiotune(t.blkiotune());
        t.memdevs().forEach(tuning::memdev);

        // last: a virtiofs share or a vhost-user card read above may need shared memory
        GuestExtrasOptions extras = new GuestExtrasOptions(g, p, notes);
        a.passthrough().sysinfo().forEach(extras::sysinfo);
        extras.memoryBacking(a.passthrough().memoryBacking());
        a.passthrough().qemuCommandline().forEach(extras::qemuCommandline);
        extras.finish();
    }
}
