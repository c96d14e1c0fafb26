package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.BackingStore;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskDriver;
import io.jvirt.conf.domain.DiskEncryption;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.NetworkSource;
import io.jvirt.conf.domain.StorageSource;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code -blockdev} nodes of a disk, as libvirt builds them for QEMU 7.2: for each layer a
 * protocol node ({@code <dev>-file}; {@code <dev>-b<N>-file} for the N-th backing layer), a raw
 * slice node when a storage slice sits under a non-raw format, and a format node
 * ({@code <dev>-fmt}) that names its backing layer's format node, or none ({@code backing=})
 * where the definition ends the chain; a layer without a given backing lets QEMU open the chain
 * the image names. Cache, discard, detect-zeroes and the I/O mode apply to every layer, as in
 * libvirt; backing layers are read-only. A {@code copy_on_read} disk gets a copy-on-read filter
 * on top. Lower layers come first on the command line, since a node can only name nodes before it.
 */
final class BlockdevArgs {

    private BlockdevArgs() {
    }

    /**
     * Adds the nodes of a disk.
     *
     * @param argv the command line
     * @param d the disk
     * @param secrets where secret objects go
     * @return the node the guest device uses, or null for an empty drive or a vhost-user disk
     */
    static String add(List<String> argv, DiskDef d, SecretObjects secrets) {
        if (d.isEmpty() || d.location() instanceof DiskSource.VhostUser) {
            return null;
        }
        String dev = d.target().dev();
        List<StorageSource> layers = d.layers();
        List<String> nodes = new ArrayList<>();
        String below = null;
        for (int i = layers.size() - 1; i >= 0; i--) {
            String prefix = i == 0 ? dev : dev + "-b" + i;
            below = layer(nodes, d, layers.get(i), i == 0, prefix, below, secrets);
        }
        if (Boolean.TRUE.equals(d.driver().copyOnRead())) {
            String cor = dev + "-cor";
            nodes.add("-blockdev");
            nodes.add(Opts.empty().add("driver", "copy-on-read").add("node-name", cor).add("file", below)
                    .add("discard", "unmap").toString());
            below = cor;
        }
        secrets.drainInto(argv);
        argv.addAll(nodes);
        return below;
    }

    /** Adds one layer's nodes and returns its format node. */
    private static String layer(List<String> argv, DiskDef d, StorageSource s, boolean top, String prefix,
                                String backingNode, SecretObjects secrets) {
        String what = "disk '" + d.target().dev() + "'";
        DiskDriver dr = d.driver();
        String protocolNode = prefix + "-file";
        Opts protocol = protocol(d, s, top, what, secrets, protocolNode);
        protocol.add("node-name", protocolNode);
        cache(protocol, dr.cache());
        protocol.add("auto-read-only", "on").add("discard", "unmap");
        argv.add("-blockdev");
        argv.add(protocol.toString());

        DiskFormat format = s.format() == null ? DiskFormat.RAW : s.format();
        String fileNode = protocolNode;
        StorageSource.Slice slice = s.slice();
        boolean sliceNode = slice != null && (format != DiskFormat.RAW || s.encryption() != null);
        if (sliceNode) {
            fileNode = prefix + "-slice";
            Opts o = Opts.empty().add("driver", "raw").add("node-name", fileNode).add("offset", slice.offset())
                    .add("size", slice.size()).add("file", protocolNode).add("auto-read-only", "on")
                    .add("discard", "unmap");
            cache(o, dr.cache());
            argv.add("-blockdev");
            argv.add(o.toString());
        }

        String formatNode = prefix + "-fmt";
        Opts fmt = Opts.empty().add("node-name", formatNode)
                .onOff("read-only", top ? d.effectivelyReadonly() : Boolean.TRUE)
                .add("discard", dr.discard() == null ? null : dr.discard().xml())
                .add("detect-zeroes", detectZeroes(dr));
        cache(fmt, dr.cache());
        String driver = format.qemuDriver();
        if (driver == null) {
            throw new ArgvException(Kind.UNSUPPORTED, "QEMU cannot open the " + format.xml() + " image of the " + what
                    + ".");
        }
        DiskEncryption enc = s.encryption();
        boolean qemuEncryption = enc != null && enc.engine() != DiskEncryption.Engine.LIBRBD;
        if (qemuEncryption && format == DiskFormat.RAW) {
            fmt.add("driver", "luks").add("key-secret", secrets.encryption(formatNode, enc));
        } else {
            fmt.add("driver", driver);
            if (qemuEncryption && (format == DiskFormat.QCOW2 || format == DiskFormat.QCOW)) {
                fmt.add("encrypt.format", "luks").add("encrypt.key-secret", secrets.encryption(formatNode, enc));
            }
        }
        if (format == DiskFormat.QCOW2) {
            fmt.add("cache-size", s.metadataCacheMaxSize());
        }
        if (slice != null && !sliceNode) {
            fmt.add("offset", slice.offset()).add("size", slice.size());
        }
        fmt.add("file", fileNode);
        BackingStore backing = s.backing();
        argv.add("-blockdev");
        if (backing instanceof StorageSource && format.hasBacking()) {
            argv.add(fmt.add("backing", backingNode).toString());
        } else if (backing instanceof BackingStore.End && format.hasBacking()) {
            // "no backing image" is a JSON null, which the keyval syntax cannot say
            argv.add(KeyvalJson.of(fmt.toString(), "backing"));
        } else {
            argv.add(fmt.toString());
        }
        return formatNode;
    }

    private static Opts protocol(DiskDef d, StorageSource s, boolean top, String what, SecretObjects secrets,
                                 String node) {
        DiskDriver.Io io = d.driver().io();
        String aio = io == null ? null : io.xml();
        return switch (s.location()) {
            case DiskSource.File f -> local("file", f.path(), aio, d, s, top, secrets);
            case DiskSource.Block b -> local(d.device() == DiskDef.Device.CDROM && isHostCdrom(b.dev())
                    ? "host_cdrom" : "host_device", b.dev(), aio, d, s, top, secrets);
            case DiskSource.Volume v -> {
                if (v.file() == null) {
                    throw new ArgvException(Kind.UNSUPPORTED, "The " + what + " names volume '" + v.volume()
                            + "' of pool '" + v.pool() + "', which has not been resolved to a file; only jvirtd can "
                            + "start such a domain.");
                }
                yield local(v.file().startsWith("/dev/") ? "host_device" : "file", v.file(), aio, d, s, top, secrets);
            }
            case DiskSource.Dir dir -> Opts.empty().add("driver", "vvfat").add("dir", dir.dir())
                    .onOff("floppy", d.device() == DiskDef.Device.FLOPPY).add("rw", "off");
            case DiskSource.Nvme n -> Opts.empty().add("driver", "nvme").add("device", n.pciName())
                    .add("namespace", n.namespace());
            case NetworkSource n -> {
                Opts o = NetworkBlockdev.props(n, s.auth(), secrets.auth(node, s.auth()), secrets.cookies(node, n),
                        what);
                DiskEncryption enc = s.encryption();
                if (enc != null && enc.engine() == DiskEncryption.Engine.LIBRBD) {
                    String format = switch (enc.format()) {
                        case LUKS -> "luks";
                        case LUKS2 -> "luks2";
                        case LUKS_ANY -> "luks-any";
                        case DEFAULT, QCOW -> throw new ArgvException(Kind.UNSUPPORTED, "librbd cannot open the "
                                + enc.format().xml() + " encryption of the " + what + ".");
                    };
                    o.add("encrypt.format", format).add("encrypt.key-secret", secrets.encryption(node, enc));
                }
                yield o;
            }
            case DiskSource.VhostUser v -> throw new IllegalStateException("a vhost-user disk has no block node");
        };
    }

    private static Opts local(String driver, String path, String aio, DiskDef d, StorageSource s, boolean top,
                              SecretObjects secrets) {
        Opts o = Opts.empty().add("driver", driver).add("filename", path).add("aio", aio);
        if (top && s.reservations() != null) {
            o.add("pr-manager", secrets.prManager(d, s.reservations()));
        }
        return o;
    }

    /**
     * Whether a block device is a CD-ROM drive, which QEMU opens with host_cdrom. libvirt asks the
     * kernel; the argv builder does not touch the host, so it goes by the kernel's names for
     * CD-ROM drives (sr0, scd0, the cdrom links).
     */
    static boolean isHostCdrom(String dev) {
        String name = dev.substring(dev.lastIndexOf('/') + 1);
        return name.startsWith("cdrom") || name.matches("sr\\d+") || name.matches("scd\\d+");
    }

    /** libvirt: detect_zeroes='unmap' without discard='unmap' means 'on'. */
    private static String detectZeroes(DiskDriver dr) {
        if (dr.detectZeroes() == null) {
            return null;
        }
        return switch (dr.detectZeroes()) {
            case OFF -> "off";
            case ON -> "on";
            case UNMAP -> dr.discard() == DiskDriver.Discard.UNMAP ? "unmap" : "on";
        };
    }

    private static void cache(Opts o, DiskDriver.Cache cache) {
        if (cache == null || cache == DiskDriver.Cache.DEFAULT) {
            return;
        }
        o.onOff("cache.direct", cache.direct()).onOff("cache.no-flush", cache == DiskDriver.Cache.UNSAFE);
    }
}
