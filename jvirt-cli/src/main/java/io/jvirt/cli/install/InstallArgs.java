package io.jvirt.cli.install;

import java.nio.file.Path;
import java.util.List;

/**
 * The options of one {@code jvirt install} command line that shape the plan, as given (each
 * virt-install style value unparsed); {@link InstallPlanner} reads them. Options that only
 * steer the run (console, waiting, printing) are in {@link RunOptions}.
 *
 * @param name {@code --name}
 * @param memory {@code --memory}/{@code --ram}
 * @param vcpus {@code --vcpus}
 * @param cpu {@code --cpu}
 * @param metadata {@code --metadata}
 * @param virtType {@code --virt-type}
 * @param arch {@code --arch}
 * @param machine {@code --machine}
 * @param features {@code --features}
 * @param clock {@code --clock}
 * @param events {@code --events}
 * @param boot {@code --boot}
 * @param osVariant {@code --os-variant}/{@code --osinfo}
 * @param disks {@code --disk}
 * @param noDisks {@code --nodisks}
 * @param networks {@code --network}
 * @param noNetworks {@code --nonetworks}
 * @param graphics {@code --graphics}
 * @param video {@code --video}
 * @param consoles {@code --console}
 * @param serials {@code --serial}
 * @param channels {@code --channel}
 * @param rngs {@code --rng}
 * @param memballoons {@code --memballoon}
 * @param controllers {@code --controller}
 * @param inputs {@code --input}
 * @param sounds {@code --sound}
 * @param tpms {@code --tpm}
 * @param watchdogs {@code --watchdog}
 * @param importInstall {@code --import}
 * @param cdrom {@code --cdrom}
 * @param location {@code --location}
 * @param extraArgs {@code --extra-args}, joined with spaces
 * @param initrdInject {@code --initrd-inject}
 * @param pxe {@code --pxe}
 * @param install {@code --install kernel=,initrd=,kernel_args=}: a kernel for the install boot only
 * @param xmlEdits {@code --xml}
 * @param transientDomain {@code --transient}
 * @param autostart {@code --autostart}
 * @param firstBootMedia seed ISOs attached for the first boot only (the {@code --cloud-init} hook)
 * @param stagingDir where a {@code --location} ISO's kernel and initrd are extracted to
 * @param passthrough {@code --filesystem}, {@code --hostdev}, {@code --sysinfo}, {@code --memorybacking} and
 *        {@code --qemu-commandline}
 * @param extraDevices {@code --panic}, {@code --vsock}, {@code --iommu}, {@code --parallel}, {@code --smartcard},
 *        {@code --redirdev}, {@code --shmem}, {@code --audio}, {@code --pm}, {@code --resource}, {@code --seclabel}
 * @param tuning {@code --iothreads}, {@code --cputune}, {@code --numatune}, {@code --memtune}, {@code --blkiotune},
 *        {@code --memdev}
 */
public record InstallArgs(String name, String memory, String vcpus, String cpu, List<String> metadata, String virtType,
                          String arch, String machine, List<String> features, String clock, List<String> events,
                          String boot, String osVariant, List<String> disks, boolean noDisks, List<String> networks,
                          boolean noNetworks, List<String> graphics, List<String> video, List<String> consoles,
                          List<String> serials, List<String> channels, List<String> rngs, List<String> memballoons,
                          List<String> controllers, List<String> inputs, List<String> sounds, List<String> tpms,
                          List<String> watchdogs, boolean importInstall, String cdrom, String location,
                          List<String> extraArgs, List<String> initrdInject, boolean pxe, String install, List<String> xmlEdits,
                          boolean transientDomain, boolean autostart, List<Path> firstBootMedia, Path stagingDir,
                          PassthroughArgs passthrough, ExtraDeviceArgs extraDevices,
                          TuningArgs tuning) {

    /** Replaces missing lists with empty ones. */
    public InstallArgs {
        metadata = list(metadata);
        features = list(features);
        events = list(events);
        disks = list(disks);
        networks = list(networks);
        graphics = list(graphics);
        video = list(video);
        consoles = list(consoles);
        serials = list(serials);
        channels = list(channels);
        rngs = list(rngs);
        memballoons = list(memballoons);
        controllers = list(controllers);
        inputs = list(inputs);
        sounds = list(sounds);
        tpms = list(tpms);
        watchdogs = list(watchdogs);
        extraArgs = list(extraArgs);
        initrdInject = list(initrdInject);
        xmlEdits = list(xmlEdits);
        firstBootMedia = list(firstBootMedia);
        passthrough = passthrough == null ? PassthroughArgs.NONE : passthrough;
        extraDevices = extraDevices == null ? ExtraDeviceArgs.NONE : extraDevices;
        tuning = tuning == null ? TuningArgs.NONE : tuning;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    /**
     * Returns a copy with seed media for the first boot added: the hook through which
     * {@code --cloud-init} attaches the NoCloud seed ISO it built.
     *
     * @param iso the seed ISO
     * @return the copy
     */
    public InstallArgs withFirstBootMedium(Path iso) {
        List<Path> media = new java.util.ArrayList<>(firstBootMedia);
        media.add(iso);
        return new InstallArgs(name, memory, vcpus, cpu, metadata, virtType, arch, machine, features, clock, events,
                boot, osVariant, disks, noDisks, networks, noNetworks, graphics, video, consoles, serials, channels,
                rngs, memballoons, controllers, inputs, sounds, tpms, watchdogs, importInstall, cdrom, location,
                extraArgs, initrdInject, pxe, install, xmlEdits, transientDomain, autostart, media, stagingDir,
                passthrough, extraDevices, tuning);
    }
}
