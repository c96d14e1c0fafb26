package io.jvirt.cli;

import io.jvirt.cli.domain.AutostartCommand;
import io.jvirt.cli.domain.ConsoleCommand;
import io.jvirt.cli.domain.CreateCommand;
import io.jvirt.cli.domain.DefineCommand;
import io.jvirt.cli.domain.DestroyCommand;
import io.jvirt.cli.domain.DomidCommand;
import io.jvirt.cli.domain.DominfoCommand;
import io.jvirt.cli.domain.DomnameCommand;
import io.jvirt.cli.domain.DomstateCommand;
import io.jvirt.cli.domain.DomuuidCommand;
import io.jvirt.cli.domain.DumpxmlCommand;
import io.jvirt.cli.domain.EditCommand;
import io.jvirt.cli.domain.ListCommand;
import io.jvirt.cli.domain.RebootCommand;
import io.jvirt.cli.domain.ResetCommand;
import io.jvirt.cli.domain.ResumeCommand;
import io.jvirt.cli.domain.ShutdownCommand;
import io.jvirt.cli.domain.StartCommand;
import io.jvirt.cli.domain.SuspendCommand;
import io.jvirt.cli.domain.UndefineCommand;
import io.jvirt.cli.img.ImgCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code jvirt} command: virsh's verbs, {@code img} (qemu-img), {@code daemon} and {@code quickstart}. */
@Command(name = "jvirt", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Manage QEMU/KVM virtual machines with jvirtd.",
        subcommands = {
                ListCommand.class, DefineCommand.class, UndefineCommand.class, CreateCommand.class,
                StartCommand.class, ShutdownCommand.class, DestroyCommand.class, RebootCommand.class,
                ResetCommand.class, SuspendCommand.class, ResumeCommand.class, DominfoCommand.class,
                DomstateCommand.class, DumpxmlCommand.class, DomidCommand.class, DomuuidCommand.class,
                DomnameCommand.class, AutostartCommand.class, ConsoleCommand.class, EditCommand.class,
                DaemonCommand.class, QuickstartCommand.class, VersionCommand.class, ImgCommand.class, TrainCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with jvirt's error handling; tests call this and capture the writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::onError);
        cl.setParameterExceptionHandler(Main::onBadArguments);
        return cl;
    }

    public static void main(String[] args) {
        int rc = commandLine().execute(hoistConnect(args));
        System.exit(rc);
    }

    /**
     * Lets {@code -c/--connect SOCKET} stand before the verb, as with {@code virsh -c URI list}:
     * the option is moved behind the verb, where every client command declares it.
     */
    static String[] hoistConnect(String[] args) {
        java.util.List<String> front = new java.util.ArrayList<>();
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            String a = args[i];
            if ((a.equals("-c") || a.equals("--connect")) && i + 1 < args.length) {
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
        return out.toArray(String[]::new);
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
