package io.jvirt.cli.img;

import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.Images;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.qcow2.Qcow2Snapshots;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvirt img snapshot}: list, create, apply and delete internal snapshots. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Manage internal snapshots of a qcow2 image.")
final class SnapshotCmd implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Action action;
    @Option(names = "-q", description = "Quiet.")
    boolean quiet;
    @Option(names = "-f", description = "Image format.")
    String format;
    @Option(names = {"-U", "--force-share"}, description = "Accepted for compatibility.")
    boolean forceShare;
    @Parameters(index = "0", description = "Image file.")
    Path file;

    /** Exactly one action. */
    static final class Action {
        @Option(names = "-l", description = "List snapshots.")
        boolean list;
        @Option(names = "-c", description = "Create a snapshot.")
        String create;
        @Option(names = "-a", description = "Apply (revert to) a snapshot.")
        String apply;
        @Option(names = "-d", description = "Delete a snapshot.")
        String delete;
    }

    @Override
    public Integer call() {
        return ImgSupport.run(spec, (out, err) -> {
            boolean list = action == null || action.list;
            Images.OpenOptions oo = Images.OpenOptions.of(list).withFormat(ImgSupport.format(format)).withBacking(false);
            try (DiskImage img = Images.open(file, oo)) {
                if (!(img instanceof Qcow2Image q)) {
                    throw new ImageException(ImageException.Kind.UNSUPPORTED, file,
                            "Image " + file + " is in " + img.format().qemuName() + " format, which has no internal snapshots.");
                }
                if (list) {
                    if (!q.snapshots().isEmpty()) {
                        out.println("Snapshot list:");
                        out.println(InfoCmd.snapshotTable(q.snapshots()));
                    }
                } else if (action.create != null) {
                    Qcow2Snapshots.create(q, action.create);
                } else if (action.apply != null) {
                    Qcow2Snapshots.apply(q, action.apply);
                } else {
                    Qcow2Snapshots.delete(q, action.delete);
                }
            }
            return 0;
        }, 1);
    }
}
