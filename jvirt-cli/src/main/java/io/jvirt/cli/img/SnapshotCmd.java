package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.qcow2.Qcow2Snapshots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ParameterException;

/** {@code jvirt img snapshot}: list, create, apply and delete internal snapshots. */
final class SnapshotCmd extends Verb {

    /** The action: at most one of -l, -c, -a and -d, checked in {@link #exclusiveAction()}; none lists. */
    private final Flag list = flag("-l", "List snapshots.");
    private final Value<String> create = option("-c", "SNAPSHOT", "Create a snapshot.");
    private final Value<String> apply = option("-a", "SNAPSHOT", "Apply (revert to) a snapshot.");
    private final Value<String> delete = option("-d", "SNAPSHOT", "Delete a snapshot.");
    private final Flag quiet = flag("-q", "Quiet.");
    private final Value<String> format = option("-f", "FMT", "Image format.");
    private final Flag forceShare = flag("-U, --force-share",
            "List snapshots even while another process (QEMU, qemu-img) writes the image.");
    private final Value<Path> file = parameter("FILE", Path.class, "Image file.");

    SnapshotCmd() {
        super("snapshot", "Manage internal snapshots of a qcow2 image.");
    }

    @Override
    public Integer call() {
        exclusiveAction();
        String create = this.create.get(), apply = this.apply.get(), delete = this.delete.get();
        String format = this.format.get();
        Path file = this.file.get();
        boolean list = this.list.get() || create == null && apply == null && delete == null;
        boolean forceShare = this.forceShare.get();
        return ImgSupport.run(spec(), (out, err) -> {
            if (!list) {
                ImgSupport.readOnlyForceShare(forceShare, create != null ? "snapshot -c" : apply != null
                        ? "snapshot -a" : "snapshot -d");
            }
            // qemu-img snapshot opens the backing chain too (read), so it is locked too
            Images.OpenOptions oo = Images.OpenOptions.of(list).withFormat(ImgSupport.format(format))
                    .withAccess(list ? ImageAccess.read().withForceShare(forceShare) : ImageAccess.write());
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
                } else if (create != null) {
                    Qcow2Snapshots.create(q, create);
                } else if (apply != null) {
                    Qcow2Snapshots.apply(q, apply);
                } else {
                    Qcow2Snapshots.delete(q, delete);
                }
            }
            return 0;
        }, 1, list ? ImgSupport.reading(forceShare) : ImgSupport.writing());
    }

    /** Fails, as a usage error, when more than one action is given; the message is picocli's for an exclusive group. */
    private void exclusiveAction() {
        List<String> given = new ArrayList<>();
        if (list.get()) {
            given.add("-l");
        }
        if (create.given()) {
            given.add("-c=SNAPSHOT");
        }
        if (apply.given()) {
            given.add("-a=SNAPSHOT");
        }
        if (delete.given()) {
            given.add("-d=SNAPSHOT");
        }
        if (given.size() > 1) {
            throw new ParameterException(spec().commandLine(),
                    "Error: " + String.join(", ", given) + " are mutually exclusive (specify only one)");
        }
    }
}
