package io.jvirt.cli;

import io.jvirt.cli.agent.AgentVerbs;
import io.jvirt.cli.blockjob.BlockJobVerbs;
import io.jvirt.cli.clone.CloneCommand;
import io.jvirt.cli.domain.AutostartCommand;
import io.jvirt.cli.domain.ConsoleCommand;
import io.jvirt.cli.domain.CreateCommand;
import io.jvirt.cli.domain.DefineCommand;
import io.jvirt.cli.domain.DestroyCommand;
import io.jvirt.cli.domain.DomdisplayCommand;
import io.jvirt.cli.domain.DomidCommand;
import io.jvirt.cli.domain.DomifSetlinkCommand;
import io.jvirt.cli.domain.DomifaddrCommand;
import io.jvirt.cli.domain.DomiflistCommand;
import io.jvirt.cli.domain.DominfoCommand;
import io.jvirt.cli.domain.DomnameCommand;
import io.jvirt.cli.domain.DompmsuspendCommand;
import io.jvirt.cli.domain.DompmwakeupCommand;
import io.jvirt.cli.domain.DomstateCommand;
import io.jvirt.cli.domain.DomuuidCommand;
import io.jvirt.cli.domain.DomxmlFromNativeCommand;
import io.jvirt.cli.domain.DomxmlToNativeCommand;
import io.jvirt.cli.domain.DumpxmlCommand;
import io.jvirt.cli.domain.EditCommand;
import io.jvirt.cli.domain.EventCommand;
import io.jvirt.cli.domain.ListCommand;
import io.jvirt.cli.domain.RebootCommand;
import io.jvirt.cli.domain.ResetCommand;
import io.jvirt.cli.domain.ResumeCommand;
import io.jvirt.cli.domain.ShutdownCommand;
import io.jvirt.cli.domain.StartCommand;
import io.jvirt.cli.domain.SuspendCommand;
import io.jvirt.cli.domain.UndefineCommand;
import io.jvirt.cli.domain.VncdisplayCommand;
import io.jvirt.cli.img.ImgCommand;
import io.jvirt.cli.inspect.InspectVerbs;
import io.jvirt.cli.install.InstallCommand;
import io.jvirt.cli.live.LiveVerbs;
import io.jvirt.cli.network.NetAutostartCommand;
import io.jvirt.cli.network.NetCreateCommand;
import io.jvirt.cli.network.NetDefineCommand;
import io.jvirt.cli.network.NetDestroyCommand;
import io.jvirt.cli.network.NetDhcpLeasesCommand;
import io.jvirt.cli.network.NetDumpxmlCommand;
import io.jvirt.cli.network.NetEditCommand;
import io.jvirt.cli.network.NetEventCommand;
import io.jvirt.cli.network.NetInfoCommand;
import io.jvirt.cli.network.NetListCommand;
import io.jvirt.cli.network.NetStartCommand;
import io.jvirt.cli.network.NetUndefineCommand;
import io.jvirt.cli.network.NetUpdateCommand;
import io.jvirt.cli.save.DumpCommand;
import io.jvirt.cli.save.ManagedSaveCommand;
import io.jvirt.cli.save.ManagedSaveRemoveCommand;
import io.jvirt.cli.save.RestoreCommand;
import io.jvirt.cli.save.SaveCommand;
import io.jvirt.cli.save.SaveImageDefineCommand;
import io.jvirt.cli.save.SaveImageDumpxmlCommand;
import io.jvirt.cli.snapshot.SnapshotCreateAsCommand;
import io.jvirt.cli.snapshot.SnapshotCreateCommand;
import io.jvirt.cli.snapshot.SnapshotCurrentCommand;
import io.jvirt.cli.snapshot.SnapshotDeleteCommand;
import io.jvirt.cli.snapshot.SnapshotDumpxmlCommand;
import io.jvirt.cli.snapshot.SnapshotEditCommand;
import io.jvirt.cli.snapshot.SnapshotInfoCommand;
import io.jvirt.cli.snapshot.SnapshotListCommand;
import io.jvirt.cli.snapshot.SnapshotParentCommand;
import io.jvirt.cli.snapshot.SnapshotRevertCommand;
import io.jvirt.cli.storage.PoolAutostartCommand;
import io.jvirt.cli.storage.PoolBuildCommand;
import io.jvirt.cli.storage.PoolCreateAsCommand;
import io.jvirt.cli.storage.PoolCreateCommand;
import io.jvirt.cli.storage.PoolDefineAsCommand;
import io.jvirt.cli.storage.PoolDefineCommand;
import io.jvirt.cli.storage.PoolDeleteCommand;
import io.jvirt.cli.storage.PoolDestroyCommand;
import io.jvirt.cli.storage.PoolDumpxmlCommand;
import io.jvirt.cli.storage.PoolEditCommand;
import io.jvirt.cli.storage.PoolEventCommand;
import io.jvirt.cli.storage.PoolInfoCommand;
import io.jvirt.cli.storage.PoolListCommand;
import io.jvirt.cli.storage.PoolRefreshCommand;
import io.jvirt.cli.storage.PoolStartCommand;
import io.jvirt.cli.storage.PoolUndefineCommand;
import io.jvirt.cli.storage.VolCloneCommand;
import io.jvirt.cli.storage.VolCreateAsCommand;
import io.jvirt.cli.storage.VolCreateCommand;
import io.jvirt.cli.storage.VolCreateFromCommand;
import io.jvirt.cli.storage.VolDeleteCommand;
import io.jvirt.cli.storage.VolDownloadCommand;
import io.jvirt.cli.storage.VolDumpxmlCommand;
import io.jvirt.cli.storage.VolInfoCommand;
import io.jvirt.cli.storage.VolKeyCommand;
import io.jvirt.cli.storage.VolListCommand;
import io.jvirt.cli.storage.VolPathCommand;
import io.jvirt.cli.storage.VolResizeCommand;
import io.jvirt.cli.storage.VolUploadCommand;
import io.jvirt.cli.storage.VolWipeCommand;
import io.jvirt.cli.support.Verb;
import io.jvirt.cli.support.VirshArguments;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** The {@code jvirt} command: virsh's verbs, {@code img} (qemu-img), {@code daemon} and {@code quickstart}. */
public final class Main implements Runnable {
    /** Every verb, in help order; {@link #newVerb} makes each one. */
    private static final List<String> VERBS = concat(List.of("list", "define", "undefine", "create", "start", "shutdown",
            "destroy", "reboot", "reset", "suspend", "resume", "dompmsuspend", "dompmwakeup", "dominfo", "domstate", "dumpxml", "domxml-to-native",
            "domxml-from-native", "domid", "domuuid",
            "domname", "autostart", "console", "edit", "event", "domiflist", "domifaddr", "domif-setlink", "vncdisplay",
            "domdisplay",
            "snapshot-create", "snapshot-create-as", "snapshot-list", "snapshot-info", "snapshot-dumpxml", "snapshot-current",
            "snapshot-edit", "snapshot-parent", "snapshot-revert", "snapshot-delete",
            "save", "restore", "managedsave", "managedsave-remove", "save-image-define", "save-image-dumpxml", "dump",
            "clone"),
            LiveVerbs.NAMES, BlockJobVerbs.NAMES, InspectVerbs.NAMES, AgentVerbs.NAMES, List.of(
            "net-list", "net-info", "net-define", "net-create", "net-undefine", "net-start", "net-destroy",
            "net-dumpxml", "net-edit", "net-event", "net-autostart", "net-update", "net-dhcp-leases",
            "pool-list", "pool-info", "pool-define", "pool-create", "pool-build", "pool-start", "pool-destroy",
            "pool-delete", "pool-undefine", "pool-dumpxml", "pool-edit", "pool-event", "pool-autostart", "pool-refresh",
            "pool-define-as", "pool-create-as",
            "vol-list", "vol-info", "vol-create-as", "vol-create", "vol-create-from", "vol-clone", "vol-delete",
            "vol-wipe", "vol-resize", "vol-dumpxml", "vol-path", "vol-key", "vol-upload", "vol-download",
            "install", "daemon", "quickstart", "version", "img", "train", "help"));

    /** The lists one after the other, without a stream (a lambda here would cost every start a class). */
    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        ArrayList<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return List.copyOf(out);
    }

    /** Every verb, in help order. */
    public static List<String> verbs() {
        return VERBS;
    }

    /**
     * A new command object for a verb. Building a verb's picocli model costs reflection, so
     * {@link #commandLine(String[])} registers only the verb being run; help lists them all.
     */
    private static Object newVerb(String verb, String[] args) {
        return switch (verb) {
            case "list" -> new ListCommand();
            case "define" -> new DefineCommand();
            case "clone" -> new CloneCommand();
            case "undefine" -> new UndefineCommand();
            case "create" -> new CreateCommand();
            case "start" -> new StartCommand();
            case "shutdown" -> new ShutdownCommand();
            case "destroy" -> new DestroyCommand();
            case "reboot" -> new RebootCommand();
            case "reset" -> new ResetCommand();
            case "suspend" -> new SuspendCommand();
            case "resume" -> new ResumeCommand();
            case "dompmsuspend" -> new DompmsuspendCommand();
            case "dompmwakeup" -> new DompmwakeupCommand();
            case "dominfo" -> new DominfoCommand();
            case "domstate" -> new DomstateCommand();
            case "dumpxml" -> new DumpxmlCommand();
            case "domxml-to-native" -> new DomxmlToNativeCommand();
            case "domxml-from-native" -> new DomxmlFromNativeCommand();
            case "domid" -> new DomidCommand();
            case "domuuid" -> new DomuuidCommand();
            case "domname" -> new DomnameCommand();
            case "autostart" -> new AutostartCommand();
            case "console" -> new ConsoleCommand();
            case "edit" -> new EditCommand();
            case "event" -> new EventCommand();
            case "domiflist" -> new DomiflistCommand();
            case "domifaddr" -> new DomifaddrCommand();
            case "domif-setlink" -> new DomifSetlinkCommand();
            case "vncdisplay" -> new VncdisplayCommand();
            case "domdisplay" -> new DomdisplayCommand();
            case "snapshot-create" -> new SnapshotCreateCommand();
            case "snapshot-create-as" -> new SnapshotCreateAsCommand();
            case "snapshot-list" -> new SnapshotListCommand();
            case "snapshot-info" -> new SnapshotInfoCommand();
            case "snapshot-dumpxml" -> new SnapshotDumpxmlCommand();
            case "snapshot-current" -> new SnapshotCurrentCommand();
            case "snapshot-edit" -> new SnapshotEditCommand();
            case "snapshot-parent" -> new SnapshotParentCommand();
            case "snapshot-revert" -> new SnapshotRevertCommand();
            case "snapshot-delete" -> new SnapshotDeleteCommand();
            case "save" -> new SaveCommand();
            case "restore" -> new RestoreCommand();
            case "managedsave" -> new ManagedSaveCommand();
            case "managedsave-remove" -> new ManagedSaveRemoveCommand();
            case "save-image-define" -> new SaveImageDefineCommand();
            case "save-image-dumpxml" -> new SaveImageDumpxmlCommand();
            case "dump" -> new DumpCommand();
            case "net-list" -> new NetListCommand();
            case "net-info" -> new NetInfoCommand();
            case "net-define" -> new NetDefineCommand();
            case "net-create" -> new NetCreateCommand();
            case "net-undefine" -> new NetUndefineCommand();
            case "net-start" -> new NetStartCommand();
            case "net-destroy" -> new NetDestroyCommand();
            case "net-dumpxml" -> new NetDumpxmlCommand();
            case "net-edit" -> new NetEditCommand();
            case "net-event" -> new NetEventCommand();
            case "net-autostart" -> new NetAutostartCommand();
            case "net-update" -> new NetUpdateCommand();
            case "net-dhcp-leases" -> new NetDhcpLeasesCommand();
            case "pool-list" -> new PoolListCommand();
            case "pool-info" -> new PoolInfoCommand();
            case "pool-define" -> new PoolDefineCommand();
            case "pool-create" -> new PoolCreateCommand();
            case "pool-build" -> new PoolBuildCommand();
            case "pool-start" -> new PoolStartCommand();
            case "pool-destroy" -> new PoolDestroyCommand();
            case "pool-delete" -> new PoolDeleteCommand();
            case "pool-undefine" -> new PoolUndefineCommand();
            case "pool-dumpxml" -> new PoolDumpxmlCommand();
            case "pool-edit" -> new PoolEditCommand();
            case "pool-event" -> new PoolEventCommand();
            case "pool-autostart" -> new PoolAutostartCommand();
            case "pool-refresh" -> new PoolRefreshCommand();
            case "pool-define-as" -> new PoolDefineAsCommand();
            case "pool-create-as" -> new PoolCreateAsCommand();
            case "vol-list" -> new VolListCommand();
            case "vol-info" -> new VolInfoCommand();
            case "vol-create-as" -> new VolCreateAsCommand();
            case "vol-create" -> new VolCreateCommand();
            case "vol-create-from" -> new VolCreateFromCommand();
            case "vol-clone" -> new VolCloneCommand();
            case "vol-delete" -> new VolDeleteCommand();
            case "vol-wipe" -> new VolWipeCommand();
            case "vol-resize" -> new VolResizeCommand();
            case "vol-dumpxml" -> new VolDumpxmlCommand();
            case "vol-path" -> new VolPathCommand();
            case "vol-key" -> new VolKeyCommand();
            case "vol-upload" -> new VolUploadCommand();
            case "vol-download" -> new VolDownloadCommand();
            case "daemon" -> new DaemonCommand();
            case "quickstart" -> new QuickstartCommand();
            case "install" -> new InstallCommand();
            case "version" -> new VersionCommand();
            case "img" -> new ImgCommand(ImgCommand.subcommand(args));
            case "train" -> new TrainCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> LiveVerbs.NAMES.contains(verb) ? LiveVerbs.create(verb)
                    : BlockJobVerbs.NAMES.contains(verb) ? BlockJobVerbs.create(verb)
                    : AgentVerbs.NAMES.contains(verb) ? AgentVerbs.create(verb) : InspectVerbs.create(verb);
        };
    }

    private final CommandSpec spec;

    private Main() {
        spec = CommandSpec.wrapWithoutInspection(this);
        spec.name("jvirt");
        spec.usageMessage().description("Manage QEMU/KVM virtual machines with jvirtd.");
        spec.versionProvider(new VersionCommand.Provider());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Registers {@code verb}: from its model in code, or (only for picocli's own help verb) by annotations. */
    private static void register(CommandLine cl, String verb, String[] args) {
        Object cmd = newVerb(verb, args);
        if (cmd instanceof Verb v) {
            cl.addSubcommand(verb, new CommandLine(v.spec()));
        } else {
            cl.addSubcommand(verb, cmd);
        }
    }

    /** Builds the command line with every verb and jvirt's error handling; tests capture its writers. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * Builds the command line for {@code args}: when the first argument is a known verb only
     * that verb is registered, which keeps start-up short; otherwise (help, errors) all are.
     */
    public static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main().spec);
        String verb = args.length > 0 ? args[0] : "";
        if (VERBS.contains(verb) && !verb.equals("help")) {
            register(cl, verb, args);
        } else if (verb.equals("--version") || verb.equals("-V")) {
            // the version needs no verb at all
        } else {
            for (String v : VERBS) {
                register(cl, v, new String[0]);
            }
        }
        cl.setExecutionExceptionHandler(Main::onError);
        cl.setParameterExceptionHandler(Main::onBadArguments);
        return cl;
    }

    /**
     * A command line with one verb object made by the caller (tests give verbs their own
     * streams, such as a console's input) and jvirt's error handling.
     */
    public static CommandLine commandLine(Verb verb) {
        CommandLine cl = new CommandLine(new Main().spec);
        cl.addSubcommand(verb.spec().name(), new CommandLine(verb.spec()));
        cl.setExecutionExceptionHandler(Main::onError);
        cl.setParameterExceptionHandler(Main::onBadArguments);
        return cl;
    }

    public static void main(String[] args) {
        quietPicocli();
        String[] normalized = hoistConnect(args);
        // the daemon keeps the JDK's defaults and its shutdown hooks; every other verb is a client
        boolean daemon = normalized.length > 0 && normalized[0].equals("daemon");
        if (!daemon) {
            directSelectorProvider();
        }
        CommandLine cl = commandLine(normalized);
        int rc = cl.execute(virshForms(cl, normalized));
        cl.getOut().flush();
        cl.getErr().flush();
        System.out.flush();
        System.err.flush();
        if (daemon) {
            System.exit(rc);
        }
        // Nothing is left to run at exit (no verb but the daemon registers a shutdown hook), and
        // System.exit would first set up the JDK's logging to record the exit: ~3 ms per call.
        Runtime.getRuntime().halt(rc);
    }

    /**
     * Names the JDK's own selector provider so that the first socket a client opens does not
     * look for provider services on the class path, which opens and indexes the whole dist jar:
     * ~9 ms of every CLI call. The class is the one the JDK picks on Linux anyway; were it ever
     * missing, the JDK's own lookup stays in place. Clients only (the daemon keeps the default):
     * they use blocking channels and no selectors, so a provider instance of their own is safe.
     */
    static void directSelectorProvider() {
        String property = "java.nio.channels.spi.SelectorProvider";
        String linux = "sun.nio.ch.EPollSelectorProvider";
        if (System.getProperty(property) != null) {
            return;
        }
        try {
            Class.forName(linux, false, null);
            System.setProperty(property, linux);
        } catch (ClassNotFoundException | LinkageError e) {
            // not this JDK's class: the JDK looks the provider up itself
        }
    }

    /**
     * Turns off two of picocli's start-up probes that jvirt does not need: the lookup of Groovy's
     * closure class (a miss walks every jar of the class path, ~9 ms) and the converters it
     * registers by reflection for java.time, java.sql and Path types (jvirt's verbs bring their
     * own converters).
     */
    static void quietPicocli() {
        System.setProperty("picocli.disable.closures", "true");
        System.setProperty("picocli.converters.excludes", "java\\..*");
    }

    /**
     * The verb's arguments with virsh's forms picocli does not know turned into jvirt's
     * ({@link VirshArguments}: {@code setmem --domain vm --size 1G}, options given by position).
     */
    public static String[] virshForms(CommandLine cl, String[] args) {
        if (args.length < 2 || !cl.getSubcommands().containsKey(args[0])) {
            return args;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        List<String> out = VirshArguments.rewrite(args[0], cl.getSubcommands().get(args[0]).getCommandSpec(), rest);
        if (out == rest) {
            return args;
        }
        String[] all = new String[out.size() + 1];
        all[0] = args[0];
        for (int i = 0; i < out.size(); i++) {
            all[i + 1] = out.get(i);
        }
        return all;
    }

    /**
     * Lets virsh's global options stand before the verb, as with {@code virsh -c URI list}:
     * {@code -c/--connect SOCKET|URI} is moved behind the verb, where every client command
     * declares it; {@code -q/--quiet} is taken out and turns on quiet output (no table headers,
     * no confirmations, as virsh's {@code -q}).
     */
    static String[] hoistConnect(String[] args) {
        java.util.List<String> front = new java.util.ArrayList<>();
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            String a = args[i];
            if (a.equals("-q") || a.equals("--quiet")) {
                Verb.setQuiet(true);
                i++;
                if (front.isEmpty() && i < args.length && !args[i].startsWith("-")) {
                    return Arrays.copyOfRange(args, i, args.length);
                }
            } else if ((a.equals("-c") || a.equals("--connect")) && i + 1 < args.length) {
                front.add(a);
                front.add(args[i + 1]);
                i += 2;
            } else if (a.startsWith("--connect=")) {
                front.add(a);
                i++;
            } else {
                return args;
            }
        }
        if (front.isEmpty() || i >= args.length) {
            return args;
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add(args[i]);
        out.addAll(front);
        out.addAll(java.util.Arrays.asList(args).subList(i + 1, args.length));
        return out.toArray(new String[0]); // no lambda: a method reference here spins a class at every start
    }

    private static int onError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        if (!(e instanceof RuntimeException) || e.getClass().getName().startsWith("java.lang.")) {
            if (System.getenv("JVIRT_DEBUG") != null) {
                e.printStackTrace(err);
            }
        }
        err.println("error: " + msg);
        err.flush();
        return 1;
    }

    private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("error: " + e.getMessage());
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return 2;
    }
}
