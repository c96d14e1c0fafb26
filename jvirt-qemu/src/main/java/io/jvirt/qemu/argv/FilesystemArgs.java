package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.FilesystemDef;
import java.util.List;

/**
 * Renders shared directories as libvirt does for QEMU 7.2: a 9p share as {@code -fsdev local}
 * plus {@code virtio-9p-pci}; a virtiofs share as a socket chardev plus {@code vhost-user-fs-pci},
 * the socket being the one of the virtiofsd jvirtd starts ({@link LaunchContext#virtiofsSocket})
 * or the one the definition names. virtiofs needs the guest RAM shared with virtiofsd
 * ({@link SharedMemory}).
 */
final class FilesystemArgs {

    private FilesystemArgs() {
    }

    static void add(List<String> argv, Layout layout, List<FilesystemDef> filesystems, BootIndexes boot,
                    LaunchContext ctx) {
        for (int i = 0; i < filesystems.size(); i++) {
            FilesystemDef f = filesystems.get(i);
            String id = "fs" + i;
            String what = "filesystem '" + f.targetDir() + "'";
            switch (f.effectiveDriver()) {
                case PATH, HANDLE -> {
                    Opts fsdev = Opts.of("local");
                    FilesystemDef.AccessMode mode = f.accessMode() == null ? FilesystemDef.AccessMode.PASSTHROUGH
                            : f.accessMode();
                    fsdev.add("security_model", mode.qemu())
                            .add("multidevs", f.multidevs() == null ? null : f.multidevs().xml())
                            .add("fmode", f.fmode() == null ? null : String.format("%04o", f.fmode()))
                            .add("dmode", f.dmode() == null ? null : String.format("%04o", f.dmode()))
                            .add("writeout", f.wrpolicy() == null ? null : f.wrpolicy().xml())
                            .add("id", "fsdev-" + id).add("path", f.sourceDir());
                    if (f.readonly()) {
                        fsdev.add("readonly", "on");
                    }
                    argv.add("-fsdev");
                    argv.add(fsdev.toString());
                    String model = f.model() == null ? "virtio-9p-pci" : switch (f.model()) {
                        case VIRTIO -> "virtio-9p-pci";
                        case VIRTIO_TRANSITIONAL -> "virtio-9p-pci-transitional";
                        case VIRTIO_NON_TRANSITIONAL -> "virtio-9p-pci-non-transitional";
                    };
                    Opts dev = DiskArgs.virtioOptions(Opts.of(model), f.virtio()).add("id", id)
                            .add("fsdev", "fsdev-" + id).add("mount_tag", f.targetDir());
                    argv.add("-device");
                    argv.add(layout.pci(dev, f.address()).toString());
                }
                case VIRTIOFS -> {
                    String chardev = "chr-vu-" + id;
                    String socket = f.sourceSocket() != null ? f.sourceSocket()
                            : ctx.virtiofsSocket(i).toString();
                    argv.add("-chardev");
                    argv.add(Opts.of("socket").add("id", chardev).add("path", socket).toString());
                    Opts dev = DiskArgs.virtioOptions(Opts.of("vhost-user-fs-pci"), f.virtio()).add("id", id)
                            .add("chardev", chardev).add("queue-size", f.queueSize()).add("tag", f.targetDir())
                            .add("bootindex", boot.of(f));
                    argv.add("-device");
                    argv.add(layout.pci(dev, f.address()).toString());
                }
            }
        }
    }
}
