package io.jvirt.cli.img;

import io.jvirt.cli.support.ConnectionOptions;
import io.jvirt.cli.support.Verb;
import java.nio.file.Path;
import picocli.CommandLine.ParameterException;

/**
 * {@code jvirt img}: disk image tool with qemu-img's subcommands and options. Every subcommand
 * takes QEMU's image locks as qemu-img does; when an image is in use, the jvirtd of this host
 * (if one answers) is asked which domain holds it, to name it in the refusal.
 */
public final class ImgCommand extends Verb {

    private final Value<Path> connect = option("-c, --connect", "SOCKET", Path.class,
            "jvirtd's API socket, asked which domain holds an image in use (default: $JVIRT_SOCKET, else "
                    + "/run/jvirt/jvirtd.sock for root); never started for this.");

    /** The subcommands, in help order. */
    private static final java.util.List<String> NAMES = java.util.List.of("create", "info", "check", "convert",
            "snapshot", "commit", "rebase", "resize", "compare", "map", "measure");

    /** With every subcommand (help, errors). */
    public ImgCommand() {
        this(null);
    }

    /**
     * With only subcommand {@code only} when it is one, else with all: building every
     * subcommand's model cost each {@code jvirt img} call ~15 ms, ten times what one costs.
     */
    public ImgCommand(String only) {
        super("img", "Create, inspect, check and convert disk images (qemu-img compatible).");
        for (String name : NAMES) {
            if (only == null || !NAMES.contains(only) || name.equals(only)) {
                subcommand(newSubcommand(name));
            }
        }
    }

    private static Verb newSubcommand(String name) {
        return switch (name) {
            case "create" -> new CreateCmd();
            case "info" -> new InfoCmd();
            case "check" -> new CheckCmd();
            case "convert" -> new ConvertCmd();
            case "snapshot" -> new SnapshotCmd();
            case "commit" -> new CommitCmd();
            case "rebase" -> new RebaseCmd();
            case "resize" -> new ResizeCmd();
            case "compare" -> new CompareCmd();
            case "map" -> new MapCmd();
            case "measure" -> new MeasureCmd();
            default -> throw new IllegalArgumentException("unknown img subcommand " + name);
        };
    }

    /**
     * The subcommand named in {@code jvirt img} arguments, past {@code -c/--connect SOCKET}.
     *
     * @param args the whole command line, {@code img} first
     * @return the subcommand name, or null
     */
    public static String subcommand(String[] args) {
        int i = 1;
        while (i < args.length) {
            String a = args[i];
            if (a.equals("-c") || a.equals("--connect")) {
                i += 2;
            } else if (a.startsWith("--connect=")) {
                i++;
            } else {
                return a;
            }
        }
        return null;
    }

    /** @return the daemon socket to ask about images in use: --connect, else $JVIRT_SOCKET, else the default */
    Path daemonSocket() {
        return new ConnectionOptions(connect.get()).socket();
    }

    /** Without a subcommand: the usage error picocli gives a command that cannot run itself (exit code 2). */
    @Override
    public Integer call() {
        throw new ParameterException(spec().commandLine(), "Missing required subcommand");
    }
}
