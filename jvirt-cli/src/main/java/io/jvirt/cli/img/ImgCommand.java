package io.jvirt.cli.img;

import picocli.CommandLine.Command;

/** {@code jvirt img}: disk image tool with qemu-img's subcommands and options. */
@Command(name = "img", mixinStandardHelpOptions = true,
        description = "Create, inspect, check and convert disk images (qemu-img compatible).",
        subcommands = {CreateCmd.class, InfoCmd.class, CheckCmd.class, ConvertCmd.class, SnapshotCmd.class,
            CommitCmd.class, RebaseCmd.class, ResizeCmd.class, CompareCmd.class, MapCmd.class, MeasureCmd.class})
public final class ImgCommand {
}
