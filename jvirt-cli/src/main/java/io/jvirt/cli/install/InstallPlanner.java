package io.jvirt.cli.install;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.xml.XmlOut;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Turns {@code jvirt install}'s options into an {@link InstallPlan}, with virt-install 4.1's
 * meaning and defaults, without changing anything: the daemon and the host are only read,
 * through {@link HostFacts}. Every problem of the command line is reported at once.
 */
public final class InstallPlanner {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private final HostFacts host;
    private final OsInfoDb osinfo;
    private final RandomGenerator random;

    InstallPlanner(HostFacts host, OsInfoDb osinfo, RandomGenerator random) {
        this.host = host;
        this.osinfo = osinfo;
        this.random = random;
    }

    /**
     * Makes the plan.
     *
     * @param a the options
     * @return the plan
     * @throws InstallException with every problem found
     */
    InstallPlan plan(InstallArgs a) {
        return plan(a, true);
    }

    /**
     * Makes the plan.
     *
     * @param a the options
     * @param checkDiskSize whether new disks must fit in their pools' free space
     * @return the plan
     * @throws InstallException with every problem found
     */
    InstallPlan plan(InstallArgs a, boolean checkDiskSize) {
        Problems p = new Problems();
        List<String> notes = new ArrayList<>();
        GuestSpec g = new GuestSpec();
        g.name = a.name();
        if (g.name == null || g.name.isBlank()) {
            p.bad("--name is required: give the new domain a name, such as --name demo.");
        } else if (host.domainExists(g.name)) {
            p.add(InstallException.Kind.IN_USE, "A domain named '" + g.name
                    + "' already exists; choose another --name, or remove it with jvirt undefine " + g.name + ".");
        }
        g.uuid = new UUID((random.nextLong() & ~0xf000L) | 0x4000L,
                (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L);
        g.type = a.virtType() != null ? a.virtType() : host.defaultVirtType();
        if (!g.type.equals("kvm") && !g.type.equals("qemu")) {
            p.bad("--virt-type '" + g.type + "' is not supported; use kvm or qemu.");
        }
        if (a.arch() != null && !a.arch().equals("x86_64") && !a.arch().equals("i686")) {
            p.bad("--arch '" + a.arch() + "' is not supported; jvirt runs x86_64 and i686 guests.");
        } else if (a.arch() != null) {
            g.arch = a.arch();
            if (g.arch.equals("i686")) {
                g.emulator = "/usr/bin/qemu-system-i386";
            }
        }
        String method = installMethod(a, p);
        OsVariantOptions.choose(g, a, host, osinfo, p, notes);
        g.machine = a.machine() != null ? a.machine() : g.os.q35() ? "q35" : "pc";
        if (a.memory() != null) {
            GeneralOptions.memory(g, a.memory(), p);
        } else if (g.os.recommendedRamBytes() > 0) {
            g.memoryKiB = g.os.recommendedRamBytes() / 1024;
            g.currentMemoryKiB = g.memoryKiB;
            notes.add("Using " + g.os.shortId() + " default --memory " + g.os.recommendedRamBytes() / MIB);
        } else {
            p.bad("--memory is required for OS " + g.os.shortId() + ": give the memory in MiB, such as --memory 1024.");
        }
        if (a.vcpus() != null) {
            GeneralOptions.vcpus(g, a.vcpus(), p);
        } else {
            g.vcpus = Math.max(1, g.os.recommendedCpus());
        }
        if (a.cpu() != null) {
            GeneralOptions.cpu(g, a.cpu(), p);
        }
        a.metadata().forEach(m -> GeneralOptions.metadata(g, m, p));
        a.features().forEach(f -> GeneralOptions.features(g, f, p));
        if (a.clock() != null) {
            GeneralOptions.clock(g, a.clock(), p);
        }
        a.events().forEach(e -> GeneralOptions.events(g, e, p));
        boolean uefi = a.boot() != null && BootOptions.read(g, a.boot(), p);
        if (!uefi && g.os.requiresEfi() && g.kernel == null && g.osExtras.stream().noneMatch(x -> false)) {
            g.firmware = "efi";
        }

        DiskOptions disks = new DiskOptions(g, host, p);
        if (a.noDisks() && !a.disks().isEmpty()) {
            p.bad("--nodisks and --disk contradict each other; give one of them.");
        }
        a.disks().forEach(disks::read);
        if (a.disks().isEmpty() && !a.noDisks() && !a.importInstall() && g.os.recommendedStorageBytes() > 0
                && g.kernel == null) {
            String size = "size=" + g.os.recommendedStorageBytes() / GIB;
            notes.add("Using " + g.os.shortId() + " default --disk " + size);
            disks.read(size);
        }
        List<DiskOptions.Disk> all = new ArrayList<>(disks.disks());
        // virt-install boots a hard disk after the install device only when the guest has one
        boolean hardDisk = all.stream().anyMatch(d -> d.device.equals("disk"));
        InstallPlan.KernelMedia kernelMedia = null;
        boolean installPhase = false;
        switch (method) {
            case "cdrom" -> {
                DiskOptions.Disk cd = installCdrom(a.cdrom(), p);
                if (cd != null) {
                    // before any other CD-ROM, so that boot=cdrom picks it (virt-install does the same)
                    int at = 0;
                    while (at < all.size() && !all.get(at).device.equals("cdrom")) {
                        at++;
                    }
                    all.add(at, cd);
                    cd.ejectAfterInstall = !g.os.isWindows();
                }
                installBootDevices(g, "cdrom", hardDisk);
                installPhase = true;
            }
            case "location" -> {
                kernelMedia = LocationPlan.plan(g, a, host, p, all);
                installPhase = true;
            }
            case "pxe" -> {
                installBootDevices(g, "network", hardDisk);
                installPhase = true;
            }
            case "install" -> {
                SubOptions o = SubOptions.parse("--install", a.install());
                g.installKernel = o.get("kernel");
                g.installInitrd = o.get("initrd");
                g.installCmdline = o.get("kernel_args");
                o.reportUnused(p);
                if (g.installKernel == null) {
                    p.bad("--install needs kernel=PATH (with initrd= and kernel_args=).");
                }
                installPhase = true;
            }
            default -> {
                // import, a --boot kernel, or no install step
            }
        }
        if (!a.extraArgs().isEmpty() && !method.equals("location")) {
            p.bad("--extra-args works only with --location (the kernel command line of the install boot); "
                    + "for --import use --boot kernel_args=.");
        }
        if (!a.initrdInject().isEmpty() && !method.equals("location")) {
            p.bad("--initrd-inject works only with --location.");
        }
        for (Path seed : a.firstBootMedia()) {
            DiskOptions.Disk cd = new DiskOptions.Disk();
            cd.device = "cdrom";
            cd.path = seed.toString();
            cd.format = "raw";
            cd.readonly = true;
            // virt-install 4.1 keeps the seed's drive, empty, in the installed definition
            cd.ejectAfterInstall = true;
            all.add(cd);
            installPhase = true;
        }
        if (g.bootDevices.isEmpty()) {
            // after an install from a device, a guest without a hard disk boots that device again (virt-install)
            g.bootDevices.add(hardDisk || g.installBootDevices.isEmpty() ? "hd" : g.installBootDevices.getFirst());
        }
        if (!g.installBootDevices.isEmpty() && g.bootDevices.size() > 1) {
            g.installBootDevices.clear();
        }
        DiskTargets.assignTargets(g, all);
        List<GuestSpec.Device> diskDevices = new ArrayList<>();
        for (DiskOptions.Disk d : all) {
            if (d.bootOrder != null) {
                g.bootOrderOnDevices = true;
            }
            XmlOut install = DiskOptions.xml(d, true);
            XmlOut after = DiskOptions.xml(d, !d.ejectAfterInstall);
            diskDevices.add(new GuestSpec.Device("disk", after, install));
        }
        g.devices.addAll(0, diskDevices);

        DeviceOptions dev = new DeviceOptions(g, p);
        NetworkOptions nets = new NetworkOptions(g, host, p, random);
        if (a.noNetworks() && !a.networks().isEmpty()) {
            p.bad("--nonetworks and --network contradict each other; give one of them.");
        }
        if (!a.noNetworks()) {
            if (a.networks().isEmpty()) {
                nets.defaultNetwork();
            } else {
                a.networks().forEach(nets::network);
            }
        }
        a.graphics().forEach(dev::graphics);
        a.video().forEach(dev::video);
        a.consoles().forEach(c -> dev.chardev("console", c));
        a.serials().forEach(c -> dev.chardev("serial", c));
        a.channels().forEach(dev::channel);
        a.rngs().forEach(dev::rng);
        a.memballoons().forEach(dev::memballoon);
        a.controllers().forEach(dev::controller);
        a.inputs().forEach(dev::input);
        a.sounds().forEach(dev::sound);
        a.tpms().forEach(dev::tpm);
        a.watchdogs().forEach(dev::watchdog);
        MoreOptions.read(g, a, host, dev, p, notes);
        g.nocloudSerial = !a.firstBootMedia().isEmpty();
        if (checkDiskSize) {
            disks.checkSpace();
        }
        p.throwIfAny();

        VirtInstallDefaults.apply(g);
        String finalXml = XmlEdits.apply(GuestRender.render(g, false).render(), a.xmlEdits());
        DomainDef domain = parse(finalXml);
        DomainDef installDomain = null;
        if (installPhase) {
            installDomain = parse(XmlEdits.apply(GuestRender.render(g, true).render(), a.xmlEdits()));
        }
        if (method.equals("pxe")) {
            PxeCheck.note(installDomain != null ? installDomain : domain, host).ifPresent(notes::add);
        }
        return new InstallPlan(domain, installDomain, disks.volumes(), kernelMedia, a.firstBootMedia(),
                a.transientDomain(), a.autostart(), notes);
    }

    /** The install boot's order: the install device, then the hard disk when there is one (virt-install's). */
    private static void installBootDevices(GuestSpec g, String device, boolean hardDisk) {
        g.installBootDevices.add(device);
        if (hardDisk) {
            g.installBootDevices.add("hd");
        }
    }

    private static DomainDef parse(String xml) {
        try {
            return DomainXml.parse(xml);
        } catch (ConfException e) {
            throw new InstallException(InstallException.Kind.BAD_OPTION, e.problems().stream()
                    .map(c -> "The domain these options describe is not valid: " + c.detail()).toList());
        }
    }

    private static String installMethod(InstallArgs a, Problems p) {
        List<String> methods = new ArrayList<>();
        if (a.importInstall()) {
            methods.add("import");
        }
        if (a.cdrom() != null) {
            methods.add("cdrom");
        }
        if (a.location() != null) {
            methods.add("location");
        }
        if (a.pxe()) {
            methods.add("pxe");
        }
        if (a.install() != null) {
            methods.add("install");
        }
        if (methods.size() > 1) {
            p.bad("Give only one install method; --" + String.join(", --", methods) + " were given.");
            return methods.getFirst();
        }
        if (methods.isEmpty()) {
            if (a.boot() != null) {
                return "boot";
            }
            p.bad("An install method is required: --cdrom ISO, --location TREE, --pxe, --import, or --boot with "
                    + "kernel= or boot devices.");
            return "none";
        }
        return methods.getFirst();
    }

    private DiskOptions.Disk installCdrom(String cdrom, Problems p) {
        Path file = Path.of(cdrom).toAbsolutePath().normalize();
        HostFacts.FileFact f = host.file(file);
        if (!f.exists()) {
            int slash = cdrom.indexOf('/');
            if (slash > 0 && !cdrom.startsWith("/")) {
                HostFacts.PoolFact pool = host.pool(cdrom.substring(0, slash));
                String vol = cdrom.substring(slash + 1);
                if (pool != null && pool.volumes().contains(vol)) {
                    file = pool.path().resolve(vol);
                    f = host.file(file);
                }
            }
        }
        if (!f.exists()) {
            p.add(InstallException.Kind.NOT_FOUND, "The install ISO " + cdrom
                    + " does not exist; give the path of an ISO file or POOL/VOLUME.");
            return null;
        }
        if (f.directory()) {
            p.bad("--cdrom " + cdrom + " is a directory; for an install tree use --location.");
            return null;
        }
        DiskOptions.Disk cd = new DiskOptions.Disk();
        cd.device = "cdrom";
        cd.path = file.toString();
        cd.format = "raw";
        cd.readonly = true;
        cd.ejectAfterInstall = true;
        return cd;
    }
}
