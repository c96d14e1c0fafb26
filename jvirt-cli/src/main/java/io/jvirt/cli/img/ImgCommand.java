package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import picocli.CommandLine.ParameterException;

/** {@code jvirt img}: disk image tool with qemu-img's subcommands and options. */
public final class ImgCommand extends Verb {

    public ImgCommand() {
        super("img", "Create, inspect, check and convert disk images (qemu-img compatible).");
        subcommand(new CreateCmd());
        subcommand(new InfoCmd());
        subcommand(new CheckCmd());
        subcommand(new ConvertCmd());
        subcommand(new SnapshotCmd());
        subcommand(new CommitCmd());
        subcommand(new RebaseCmd());
        subcommand(new ResizeCmd());
        subcommand(new CompareCmd());
        subcommand(new MapCmd());
        subcommand(new MeasureCmd());
    }

    /** Without a subcommand: the usage error picocli gives a command that cannot run itself (exit code 2). */
    @Override
    public Integer call() {
        throw new ParameterException(spec().commandLine(), "Missing required subcommand");
    }
}
