package io.jvirt.cli.install;

import io.jvirt.cli.Main;
import io.jvirt.cli.domain.ConsoleCommand;
import io.jvirt.cli.support.ConnectionOptions;
import io.jvirt.cli.support.DaemonLauncher;
import io.jvirt.cli.support.DebugLog;
import io.jvirt.cli.support.Verb;
import io.jvirt.client.JvirtClient;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.image.cloudinit.CloudInitException;
import io.jvirt.image.cloudinit.CloudInitOptions;
import io.jvirt.image.cloudinit.CloudInitSeed;
import io.jvirt.image.cloudinit.SeedPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code jvirt install}: virt-install's options and defaults on jvirtd. The options become a
 * pure {@link InstallPlan} ({@link InstallPlanner}, with the daemon and the host only read);
 * {@code --print-xml} and {@code --dry-run} stop there, otherwise {@link InstallExecutor}
 * creates the disks, defines and starts the guest, and removes what it made if a step fails.
 */
public final class InstallCommand extends Verb {
    private final Value<String> connect = option("-c, --connect", "SOCKET",
            "jvirtd's API socket (default: $JVIRT_SOCKET, else /run/jvirt/jvirtd.sock for root); virt-install's "
                    + "qemu:///system and qemu:///session mean the default.");
    private final Value<String> name = option("-n, --name", "NAME", "Name of the new domain.");
    private final Value<String> memory = option("--memory, --ram", "MEMORY",
            "Memory in MiB: 2048, or memory=,currentMemory=,maxMemory=,maxMemory.slots= (hotplug maximum).");
    private final Value<String> vcpus = option("--vcpus", "VCPUS",
            "vCPUs: 2, or N,maxvcpus=,sockets=,dies=,cores=,threads=,cpuset=.");
    private final Value<String> cpu = option("--cpu", "CPU",
            "CPU model: host-passthrough, host-model, or a model with +feature,-feature,require=,disable=.");
    private final Value<List<String>> metadata = repeatable("--metadata", "METADATA", String.class,
            "title=,description=,uuid=,genid_enable=.");
    private final Value<String> virtType = option("--virt-type", "TYPE", "kvm or qemu (default: kvm when /dev/kvm exists).");
    private final Value<String> arch = option("--arch", "ARCH", "Guest architecture: x86_64 (default) or i686.");
    private final Value<String> machine = option("--machine", "MACHINE", "Machine type: q35 or pc (default from the OS).");
    private final Value<List<String>> features = repeatable("--features", "FEATURES", String.class,
            "acpi.state=,apic.state=,vmport.state=,pmu.state=,smm.state=,kvm.hidden.state=,hyperv.NAME.state=.");
    private final Value<String> clock = option("--clock", "CLOCK", "offset=utc|localtime,TIMER_present=,TIMER_tickpolicy=.");
    private final Value<List<String>> events = repeatable("--events", "EVENTS", String.class,
            "on_poweroff=,on_reboot=,on_crash=,on_lockfailure=.");
    private final Flag autostart = flag("--autostart", "Start the domain when jvirtd starts.");
    private final Flag transientDomain = flag("--transient", "Do not define the domain: it vanishes when it stops.");
    private final Value<String> boot = option("--boot", "BOOT",
            "hd,cdrom,network,menu=on, kernel=,initrd=,kernel_args=, uefi, firmware.featureN.name=/enabled=, loader=.");
    private final Value<String> osVariant = option("--os-variant, --osinfo", "OS",
            "The guest's OS (osinfo short id such as debian11), detect=on[,name=OS][,require=on|off] (from an ISO's "
                    + "volume id or a --location tree), or list.");
    private final Value<List<String>> disks = repeatable("--disk", "DISK", String.class,
            "PATH or path=,pool=,vol=POOL/NAME,size=GiB,format=,backing_store=,bus=,cache=,io=,discard=,"
                    + "device=disk|cdrom|floppy|lun,perms=ro|sh|rw,sparse=,serial=,boot.order=; none.");
    private final Flag noDisks = flag("--nodisks", "No disks.");
    private final Value<List<String>> networks = repeatable("-w, --network", "NETWORK", String.class,
            "network=NAME|bridge=BR|user|type=direct,source=IF|none, with model=,mac=,portgroup=,link.state=.");
    private final Flag noNetworks = flag("--nonetworks", "No network interfaces.");
    private final Value<List<String>> graphics = repeatable("--graphics", "GRAPHICS", String.class,
            "vnc|spice|none, with port=,listen=,password=,keymap=.");
    private final Value<List<String>> video = repeatable("--video", "VIDEO", String.class, "virtio, vga, qxl, bochs, ..., none.");
    private final Value<List<String>> consoles = repeatable("--console", "CONSOLE", String.class,
            "pty[,target.type=serial|virtio] or none.");
    private final Value<List<String>> serials = repeatable("--serial", "SERIAL", String.class,
            "pty, file,path=FILE, unix,path=SOCKET.");
    private final Value<List<String>> channels = repeatable("--channel", "CHANNEL", String.class,
            "unix,target.type=virtio,name=NAME, spicevmc, or none.");
    private final Value<List<String>> rngs = repeatable("--rng", "RNG", String.class, "/dev/urandom, builtin or none.");
    private final Value<List<String>> memballoons = repeatable("--memballoon", "MEMBALLOON", String.class,
            "virtio[,autodeflate=,stats.period=,freePageReporting=] or none.");
    private final Value<List<String>> controllers = repeatable("--controller", "CONTROLLER", String.class,
            "usb2, usb3, type=usb,model=..., type=scsi,model=virtio-scsi, type=pci,...");
    private final Value<List<String>> inputs = repeatable("--input", "INPUT", String.class,
            "tablet|keyboard|mouse,bus=usb|virtio|ps2.");
    private final Value<List<String>> sounds = repeatable("--sound", "SOUND", String.class, "ich9, ich6, ac97, ... or none.");
    private final Value<List<String>> tpms = repeatable("--tpm", "TPM", String.class,
            "emulator,model=tpm-crb|tpm-tis,version=2.0 or none.");
    private final Value<List<String>> watchdogs = repeatable("--watchdog", "WATCHDOG", String.class,
            "i6300esb|ib700|itco,action=reset|poweroff|....");
    private final Value<List<String>> filesystems = repeatable("--filesystem", "FILESYSTEM", String.class,
            "A host directory shared with the guest: SOURCE,TARGET or source=,target=,driver.type=virtiofs, "
                    + "accessmode=mapped|passthrough|squash, readonly=on, type=mount|file|block|ram|template.");
    private final Value<List<String>> hostdevs = repeatable("--hostdev, --host-device", "HOSTDEV", String.class,
            "A host device: PCI 0000:01:00.0 or pci_0000_01_00_0, USB VENDOR:PRODUCT or BUS.DEVICE, with "
                    + "driver.name=,rom.bar=,boot.order=,address.*=.");
    private final Value<List<String>> sysinfo = repeatable("--sysinfo", "SYSINFO", String.class,
            "SMBIOS data: host, emulate, or bios.vendor=,system.manufacturer=,system.serial=,baseBoard.*=,chassis.*=,"
                    + "oemStrings.entryN=; type=fwcfg,entryN.name=,entryN.file=.");
    private final Value<List<String>> memoryBacking = repeatable("--memorybacking", "MEMORYBACKING", String.class,
            "hugepages=on,hugepages.pageN.size=,nosharepages=on,locked=on,source.type=memfd|file|anonymous,"
                    + "access.mode=shared|private,discard=on.");
    private final Value<List<String>> qemuCommandline = repeatable("--qemu-commandline", "ARGS", String.class,
            "Extra QEMU arguments ('-device ...', split as a shell does) or env=NAME=VALUE, written to libvirt's "
                    + "qemu:commandline.");
    private final Value<List<String>> panics = repeatable("--panic", "PANIC", String.class,
            "A panic notifier: isa (the default, iobase=0x505) or hyperv.");
    private final Value<List<String>> vsocks = repeatable("--vsock", "VSOCK", String.class,
            "A virtio vsock device: cid.auto=yes or cid.address=N.");
    private final Value<List<String>> iommus = repeatable("--iommu", "IOMMU", String.class,
            "An IOMMU: intel or virtio, with driver.intremap=,driver.caching_mode=,driver.eim=,driver.iotlb=.");
    private final Value<List<String>> parallels = repeatable("--parallel", "PARALLEL", String.class,
            "A parallel port: pty, file,path=FILE, unix,path=SOCKET, tcp,host=HOST:PORT.");
    private final Value<List<String>> smartcards = repeatable("--smartcard", "SMARTCARD", String.class,
            "A smartcard reader: passthrough (SPICE), host or host-certificates.");
    private final Value<List<String>> redirdevs = repeatable("--redirdev", "REDIRDEV", String.class,
            "USB redirection: usb,type=spicevmc, usb,type=tcp,server=HOST:PORT, or none.");
    private final Value<List<String>> shmems = repeatable("--shmem", "SHMEM", String.class,
            "Shared memory between guests: NAME,model.type=ivshmem-plain,size=,size.unit=.");
    private final Value<List<String>> audios = repeatable("--audio", "AUDIO", String.class,
            "An audio back end for --sound audio.id=: id=N,type=none|spice|....");
    private final Value<List<String>> pm = repeatable("--pm", "PM", String.class,
            "suspend_to_mem.enabled=on|off,suspend_to_disk.enabled=on|off.");
    private final Value<List<String>> resource = repeatable("--resource", "RESOURCE", String.class,
            "partition=/machine.");
    private final Value<List<String>> seclabels = repeatable("--seclabel", "SECLABEL", String.class,
            "type=none|dynamic|static,model=,relabel=,label=,baselabel=.");
    private final Value<List<String>> launchSecurity = repeatable("--launchSecurity, --launchsecurity", "SECURITY",
            String.class, "Confidential guest: sev,policy=0x07,cbitpos=,reducedPhysBits=,dhCert=,session=.");
    private final Value<List<String>> iothreads = repeatable("--iothreads", "IOTHREADS", String.class,
            "I/O threads: N, or iothreads=N,iothreadids.iothreadM.id=ID (disks take driver.iothread=ID).");
    private final Value<List<String>> cputune = repeatable("--cputune", "CPUTUNE", String.class,
            "shares=,period=,quota=,vcpupinN.vcpu=,vcpupinN.cpuset=,emulatorpin.cpuset=,iothreadpinN.*=.");
    private final Value<List<String>> numatune = repeatable("--numatune", "NUMATUNE", String.class,
            "NODESET,mode=strict|preferred|interleave, memnodeN.cellid=,memnodeN.mode=,memnodeN.nodeset=.");
    private final Value<List<String>> memtune = repeatable("--memtune", "MEMTUNE", String.class,
            "hard_limit=,soft_limit=,swap_hard_limit=,min_guarantee= (KiB).");
    private final Value<List<String>> blkiotune = repeatable("--blkiotune", "BLKIOTUNE", String.class,
            "weight=,deviceN.path=,deviceN.weight=.");
    private final Value<List<String>> memdevs = repeatable("--memdev", "MEMDEV", String.class,
            "A memory device: dimm|nvdimm|virtio-mem|virtio-pmem,target.size=MiB,target.node=,source.path=.");
    private final Flag importInstall = flag("--import", "Boot the given disk as it is (no install step).");
    private final Value<String> cdrom = option("--cdrom", "ISO", "Install from this ISO (file or POOL/VOLUME); first boot only.");
    private final Value<String> location = option("-l, --location", "TREE",
            "Install from a distribution tree: a directory, an ISO or an http(s) URL (kernel and initrd found as "
                    + "virt-install does).");
    private final Value<List<String>> extraArgs = repeatable("-x, --extra-args", "ARGS", String.class,
            "Kernel command line of a --location install.");
    private final Value<List<String>> initrdInject = repeatable("--initrd-inject", "FILE", String.class,
            "Add FILE to the root of a --location install's initrd.");
    private final Flag pxe = flag("--pxe", "Boot the install from the network (PXE).");
    private final Value<String> install = option("--install", "INSTALL",
            "kernel=,initrd=,kernel_args=: boot this kernel for the install only.");
    private final Value<List<String>> xml = repeatable("--xml", "XPATH", String.class,
            "Edit the result: ./xpath=value, xpath.set=, xpath.value=, xpath.create=, xpath.delete=.");
    private final Flag noAutoconsole = flag("--noautoconsole", "Do not attach to the guest's console.");
    private final Value<String> autoconsole = option("--autoconsole", "MODE", "text, graphical or none.");
    private final Value<Integer> waitMinutes = option("--wait", "MINUTES", Integer.class,
            "Wait this long for the install boot to end (-1: for ever).");
    private final Flag noReboot = flag("--noreboot", "Do not boot the installed guest after the install boot.");
    private final Value<String> cloudInit = option("--cloud-init", "OPTIONS", String.class,
            "A NoCloud seed for the first boot: root-password-generate=,root-password-file=,root-ssh-key=,"
                    + "clouduser-ssh-key=,user-data=,meta-data=,network-config=,disable= (alone: a generated root "
                    + "password, printed once).",
            b -> b.arity("0..1").fallbackValue("").preprocessor(optionalValue("")));
    private final Value<String> printXml = option("--print-xml", "STEP", String.class,
            "Print the domain XML of each boot (or of STEP 1 or 2) and stop.",
            b -> b.arity("0..1").fallbackValue("all").preprocessor(optionalValue("all")));
    private final Flag dryRun = flag("--dry-run", "Make and check the plan; change nothing.");
    private final Value<List<String>> check = repeatable("--check", "CHECKS", String.class, "disk_size=off, all=off.");
    private final Flag quiet = flag("-q, --quiet", "Print only errors.");
    private final Flag debug = flag("-d, --debug", "Print what the command does, step by step and timed, on stderr.");

    public InstallCommand() {
        super("install", "Create a domain as virt-install does: options in, a running guest out.");
        spec().parser().unmatchedArgumentsAllowed(true);
        // QEMU arguments and kernel command lines start with a dash ("--qemu-commandline '-chardev ...'",
        // "-x '-- quiet'"): an option's value is taken as given, as virt-install's argparse does for values
        // with blanks, even where picocli would read "-c" of "-chardev" as the short option -c
        spec().parser().allowOptionsAsOptionParameters(true);
    }

    /**
     * Keeps an option with an optional value ({@code --cloud-init}, {@code --print-xml}) from taking
     * the next option as its value, which the parser would allow since values may start with a dash:
     * without {@code =VALUE}, a following word that starts with a dash leaves the option its fallback.
     */
    private static CommandLine.IParameterPreprocessor optionalValue(String fallback) {
        return (args, command, arg, info) -> {
            if (!"=".equals(info.get("separator")) && (args.isEmpty() || args.peek().startsWith("-"))) {
                args.push(fallback);
            }
            return false;
        };
    }

    /** The options that shape the plan. */
    InstallArgs args() {
        return args(null);
    }

    /** The options that shape the plan, with a cloud-init seed ISO for the first boot when there is one. */
    private InstallArgs args(Path seedIso) {
        Path staging = Path.of(System.getProperty("java.io.tmpdir"));
        return new InstallArgs(name.get(), memory.get(), vcpus.get(), cpu.get(), metadata.get(), virtType.get(),
                arch.get(), machine.get(), features.get(), clock.get(), events.get(), boot.get(), osVariant.get(),
                disks.get(), noDisks.get(), networks.get(), noNetworks.get(), graphics.get(), video.get(),
                consoles.get(), serials.get(), channels.get(), rngs.get(), memballoons.get(), controllers.get(),
                inputs.get(), sounds.get(), tpms.get(), watchdogs.get(), importInstall.get(), cdrom.get(),
                location.get(), extraArgs.get(), initrdInject.get(), pxe.get(), install.get(), xml.get(), transientDomain.get(),
                autostart.get(), seedIso == null ? List.of() : List.of(seedIso), staging,
                new PassthroughArgs(filesystems.get(), hostdevs.get(), sysinfo.get(), memoryBacking.get(),
                        qemuCommandline.get()),
                new ExtraDeviceArgs(panics.get(), vsocks.get(), iommus.get(), parallels.get(), smartcards.get(),
                        redirdevs.get(), shmems.get(), audios.get(), pm.get(), resource.get(), seclabels.get(),
                        launchSecurity.get()),
                new TuningArgs(iothreads.get(), cputune.get(), numatune.get(), memtune.get(), blkiotune.get(),
                        memdevs.get()));
    }

    /** virt-install's --cloud-init: the seed's contents, or null without the option. */
    private SeedPlan cloudInitSeed(List<String> problems) {
        if (!cloudInit.given()) {
            return null;
        }
        try {
            return CloudInitSeed.plan(CloudInitOptions.parse(cloudInit.get()));
        } catch (CloudInitException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** How the plan is run. */
    RunOptions runOptions(List<String> problems) {
        String mode = noAutoconsole.get() ? "none" : autoconsole.get() != null ? autoconsole.get() : "default";
        if (!List.of("text", "graphical", "none", "default").contains(mode)) {
            problems.add("--autoconsole '" + mode + "' is not known; use text, graphical or none.");
        }
        Integer step = null;
        if (printXml.given()) {
            String s = printXml.get();
            step = switch (s) {
                case "all" -> 0;
                case "1" -> 1;
                case "2" -> 2;
                default -> {
                    problems.add("--print-xml " + s + " is not a step; give 1 (install boot), 2 (installed boot) or "
                            + "nothing for both.");
                    yield 0;
                }
            };
        }
        boolean diskSize = true;
        for (String c : check.get()) {
            SubOptions o = SubOptions.parse("--check", c);
            Problems p = new Problems();
            Boolean all = o.bool(p, "all");
            Boolean ds = o.bool(p, "disk_size");
            o.get("path_in_use", "path_exists", "mac_in_use");
            o.reportUnused(p);
            problems.addAll(p.sentences());
            if (Boolean.FALSE.equals(all) || Boolean.FALSE.equals(ds)) {
                diskSize = false;
            }
        }
        return new RunOptions(mode, waitMinutes.get(), noReboot.get(), step, dryRun.get(), quiet.get(), diskSize);
    }

    @Override
    public Integer call() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String u : spec().commandLine().getUnmatchedArguments()) {
            problems.add(u.startsWith("-") ? "The option " + u + " is unknown; see jvirt install --help."
                    : "The argument '" + u + "' belongs to no option; see jvirt install --help.");
        }
        DebugLog dbg = debug.get() ? DebugLog.to(err()) : DebugLog.off();
        dbg.log("jvirt install: options read");
        RunOptions run = runOptions(problems);
        OsInfoDb db = new OsInfoDb(OsInfoDb.DEFAULT_ROOT, OsInfoCache.defaultBase());
        if ("list".equals(osVariant.get())) {
            for (Map.Entry<String, OsInfo> e : db.all().entrySet()) {
                out().printf("%-24s %s%n", e.getKey(), e.getValue().name());
            }
            out().flush();
            return 0;
        }
        SeedPlan seed = cloudInitSeed(problems);
        if (!problems.isEmpty()) {
            return fail(problems);
        }
        Path seedIso = seed == null ? null : Path.of(System.getProperty("java.io.tmpdir"))
                .resolve("jvirt-cidata-" + name.get() + "-" + Long.toHexString(new SecureRandom().nextLong()) + ".iso");
        try (JvirtClient client = DaemonLauncher.connect(new ConnectionOptions(socket()))) {
            dbg.log("connected to jvirtd at " + client.socket());
            dbg.follow(client);
            ClientHostFacts facts = new ClientHostFacts(client);
            InstallPlan plan = new InstallPlanner(facts, db, new SecureRandom()).plan(args(seedIso), run.checkDiskSize());
            logPlan(dbg, plan);
            if (run.printXml() != null) {
                printXml(plan, run.printXml());
                return 0;
            }
            if (!run.quiet()) {
                plan.notes().forEach(n -> out().println(n));
                out().flush();
            }
            if (run.dryRun()) {
                if (!run.quiet()) {
                    out().println("Dry run completed successfully");
                    out().flush();
                }
                return 0;
            }
            InstallExecutor exec = new InstallExecutor(client, new InstallMediaStager(), run.quiet() ? null : out());
            if (seed != null) {
                seed.writeIso(seedIso);
                if (seed.generatedRootPassword() != null) {
                    // virt-install prints it even with --quiet: it is shown this once only
                    out().println("Password for first root login is: " + seed.generatedRootPassword());
                    out().flush();
                }
            }
            try {
                InstallExecutor.Result result = exec.execute(plan, run);
                dbg.log("domain " + plan.domain().name() + " defined and started");
                return afterStart(client, plan, run, result, exec);
            } finally {
                // QEMU holds the seed open from its start; the file itself is not needed after it (virt-install
                // removes it too)
                if (seedIso != null) {
                    Files.deleteIfExists(seedIso);
                }
            }
        } catch (InstallException e) {
            return fail(e.problems());
        }
    }

    /**
     * The socket to connect to: {@code --connect} names one; virt-install's local URIs
     * ({@code qemu:///system}, {@code qemu:///session}) mean the default daemon.
     */
    private Path socket() {
        String c = connect.get();
        return c == null ? null : ConnectionOptions.parse(c, "--connect");
    }

    private int afterStart(JvirtClient client, InstallPlan plan, RunOptions run, InstallExecutor.Result result,
                           InstallExecutor exec) throws Exception {
        String name = plan.domain().name();
        String mode = run.autoconsole();
        if (mode.equals("default")) {
            // virt-install's default: the text console without a display, else the graphical one
            mode = plan.domain().devices().graphics().isEmpty() ? "text" : "graphical";
        }
        if (mode.equals("graphical") && result.started() && !run.quiet()) {
            out().println("jvirt has no graphical viewer: connect a VNC or SPICE client to the address that "
                    + "jvirt domdisplay " + name + " prints.");
            out().flush();
        }
        boolean console = mode.equals("text") && result.started();
        if (console) {
            CommandLine cl = Main.commandLine(new ConsoleCommand());
            List<String> argv = new ArrayList<>(List.of("console", name));
            if (socket() != null) {
                argv.addAll(List.of("-c", socket().toString()));
            }
            cl.execute(argv.toArray(String[]::new));
        }
        boolean wait = run.waitMinutes() != null ? run.waitMinutes() != 0 : mode.equals("graphical");
        if (plan.hasInstallPhase() && result.started() && (console || wait)) {
            exec.awaitInstallEnd(name, run.waitMinutes() == null ? -1 : run.waitMinutes());
            if (!run.noReboot() && !plan.transientDomain()) {
                exec.bootInstalled(name);
            }
        }
        if (!run.quiet()) {
            out().println(result.started() && !console
                    ? "Domain creation completed. You can connect to the console with: jvirt console " + name
                    : "Domain '" + name + "' is installed.");
            out().flush();
        }
        return 0;
    }

    /** --debug: the plan's volumes and the XML of each boot (without secrets: the log may be shared). */
    private static void logPlan(DebugLog dbg, InstallPlan plan) {
        if (!dbg.on()) {
            return;
        }
        dbg.log("plan made: " + plan.volumes().size() + " volume(s) to create"
                + (plan.hasInstallPhase() ? ", an install boot first" : ", no install boot"));
        if (plan.hasInstallPhase()) {
            dbg.log("the install boot's XML:\n" + DomainXml.format(plan.installDomain(), Secrets.OMIT));
        }
        dbg.log("the domain's XML:\n" + DomainXml.format(plan.domain(), Secrets.OMIT));
    }

    private void printXml(InstallPlan plan, int step) {
        if (plan.hasInstallPhase() && step != 2) {
            out().print(DomainXml.format(plan.installDomain(), Secrets.INCLUDE));
        }
        if (!plan.hasInstallPhase() || step != 1) {
            out().print(DomainXml.format(plan.domain(), Secrets.INCLUDE));
        }
        out().flush();
    }

    private int fail(List<String> problems) {
        for (String p : problems) {
            err().println("error: " + p);
        }
        err().flush();
        return 1;
    }
}
