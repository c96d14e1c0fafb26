package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.storage.PoolDef;
import io.jvirt.conf.storage.VolumeDef;
import io.jvirt.conf.xml.XmlEnum;

/**
 * Where the bytes of a disk (or of one layer of its backing chain) live: the variant decides
 * the disk's {@code type} attribute and the attributes of its {@code <source>}.
 */
public sealed interface DiskSource permits DiskSource.File, DiskSource.Block, DiskSource.Dir, NetworkSource,
        DiskSource.Volume, DiskSource.Nvme, DiskSource.VhostUser {

    /** Returns the disk type this source needs. */
    default Type type() {
        return switch (this) {
            case File _ -> Type.FILE;
            case Block _ -> Type.BLOCK;
            case Dir _ -> Type.DIR;
            case NetworkSource _ -> Type.NETWORK;
            case Volume _ -> Type.VOLUME;
            case Nvme _ -> Type.NVME;
            case VhostUser _ -> Type.VHOSTUSER;
        };
    }

    /** Returns whether there is no medium (a CD-ROM or floppy drive without a disc). */
    default boolean isEmpty() {
        return switch (this) {
            case File f -> f.path() == null;
            case Block b -> b.dev() == null;
            case Dir d -> d.dir() == null;
            case NetworkSource _, Nvme _, VhostUser _ -> false;
            case Volume v -> v.pool() == null;
        };
    }

    /**
     * Returns the host path QEMU opens for a local source (file, block device, directory, a
     * resolved volume), else null.
     */
    default String localPath() {
        return switch (this) {
            case File f -> f.path();
            case Block b -> b.dev();
            case Dir d -> d.dir();
            case Volume v -> v.file();
            case NetworkSource _, Nvme _, VhostUser _ -> null;
        };
    }

    /**
     * {@code <source file>}: an image file.
     *
     * @param path the file, or null for an empty drive
     */
    record File(String path) implements DiskSource {
        /** Validates the path. */
        public File {
            Checks.path(path, "The disk source file");
        }
    }

    /**
     * {@code <source dev>}: a host block device.
     *
     * @param dev the device node, or null for an empty drive
     */
    record Block(String dev) implements DiskSource {
        /** Validates the path. */
        public Block {
            Checks.path(dev, "The disk source device");
        }
    }

    /**
     * {@code <source dir>}: a host directory the guest sees as a FAT disk (QEMU's vvfat, read-only).
     *
     * @param dir the directory, or null for an empty drive
     */
    record Dir(String dir) implements DiskSource {
        /** Validates the path. */
        public Dir {
            Checks.path(dir, "The disk source directory");
        }
    }

    /**
     * {@code <source pool volume mode>}: a volume of a storage pool, resolved to a file when the
     * domain starts.
     *
     * @param pool the storage pool, or null for an empty drive
     * @param volume the volume in that pool
     * @param mode how an iSCSI pool's volume is reached (host or direct), or null
     * @param file the volume's file as the daemon resolved it at start (live definitions only), or null
     */
    record Volume(String pool, String volume, PoolMode mode, String file) implements DiskSource {
        /** Validates the names: a disk can only name what a pool could hold. */
        public Volume {
            if (pool != null || volume != null) {
                Checks.required(pool, "The disk source 'pool'");
                Checks.required(volume, "The disk source 'volume'");
                PoolDef.validateName(pool);
                VolumeDef.validateName(volume);
            }
            Checks.path(file, "The resolved volume file");
        }
    }

    /** How the volume of an iSCSI pool is reached. */
    enum PoolMode implements XmlEnum {
        /** Through the host's iSCSI initiator, as a block device. */
        HOST("host"),
        /** By QEMU's own iSCSI initiator. */
        DIRECT("direct");

        private final String xml;

        PoolMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * {@code <source type='pci' managed namespace>}: a namespace of a host NVMe controller,
     * driven by QEMU's userspace NVMe driver (the controller is bound to vfio-pci).
     *
     * @param managed whether jvirt detaches the controller from its host driver, or null (yes)
     * @param namespace the namespace, from 1
     * @param address the controller's host PCI address
     */
    record Nvme(Boolean managed, long namespace, Address.Pci address) implements DiskSource {
        /** Validates the namespace and address. */
        public Nvme {
            Checks.required(address, "The NVMe disk source <address>");
            if (namespace < 1) {
                throw new ConfException(Kind.INVALID_VALUE, "The NVMe namespace must be 1 or more, not " + namespace
                        + "; namespaces count from 1.");
            }
        }

        /** Returns the PCI address as QEMU's nvme driver names it: {@code 0000:01:00.0}. */
        public String pciName() {
            return String.format("%04x:%02x:%02x.%x", address.domain(), address.bus(), address.slot(),
                    address.function());
        }
    }

    /**
     * {@code <source type='unix' path>}: a vhost-user block back end listening on a socket.
     *
     * @param path the socket
     * @param reconnectSeconds the {@code <reconnect enabled='yes' timeout>} delay, or null
     * @param reconnectEnabled the {@code <reconnect enabled>} flag, or null when absent
     */
    record VhostUser(String path, Boolean reconnectEnabled, Integer reconnectSeconds) implements DiskSource {
        /** Validates the path. */
        public VhostUser {
            Checks.required(path, "The vhost-user disk socket path");
            Checks.path(path, "The vhost-user disk socket path");
            if (Boolean.TRUE.equals(reconnectEnabled) && (reconnectSeconds == null || reconnectSeconds < 1)) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "<reconnect enabled='yes'/> of a vhost-user disk needs a timeout of 1 second or more.");
            }
            if (!Boolean.TRUE.equals(reconnectEnabled) && reconnectSeconds != null) {
                throw new ConfException(Kind.CONFLICT,
                        "A reconnect timeout of a vhost-user disk needs <reconnect enabled='yes'>.");
            }
        }
    }

    /** The {@code type} attribute of a disk or backing layer. */
    enum Type implements XmlEnum {
        /** An image file. */
        FILE("file"),
        /** A host block device. */
        BLOCK("block"),
        /** A host directory as a read-only FAT disk. */
        DIR("dir"),
        /** A network protocol (nbd, iscsi, http, ...). */
        NETWORK("network"),
        /** A storage pool volume. */
        VOLUME("volume"),
        /** A host NVMe namespace. */
        NVME("nvme"),
        /** A vhost-user block back end. */
        VHOSTUSER("vhostuser");

        private final String xml;

        Type(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
