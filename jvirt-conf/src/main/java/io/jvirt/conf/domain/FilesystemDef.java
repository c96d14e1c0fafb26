package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code <filesystem type='mount'>} device: a host directory shared with the guest, through
 * virtio-9p (QEMU serves it) or virtiofs (a {@code virtiofsd} per share serves it, started by
 * jvirtd, or one already listening on {@link #sourceSocket()}). The guest mounts it by its
 * {@link #targetDir() tag}.
 *
 * @param accessMode how file ownership maps between host and guest (9p), or null (passthrough)
 * @param model the virtio-9p variant, or null
 * @param multidevs how 9p handles several host devices under the share, or null
 * @param fmode the mode of files created in mapped mode, or null
 * @param dmode the mode of directories created in mapped mode, or null
 * @param driver the back end: path (9p) or virtiofs, or null (path)
 * @param wrpolicy the 9p write policy ({@code immediate}), or null
 * @param queueSize the virtiofs queue size, or null
 * @param virtio the virtio options
 * @param binary the virtiofsd settings ({@code <binary>}), or null
 * @param sourceDir the shared host directory, or null when a socket is given
 * @param sourceSocket the socket of a virtiofsd started outside jvirt, or null
 * @param targetDir the mount tag the guest uses
 * @param readonly whether the guest may only read (9p)
 * @param bootOrder the boot order (virtiofs), or null
 * @param alias the user alias, or null
 * @param address where the device sits, or null
 */
public record FilesystemDef(AccessMode accessMode, Model model, Multidevs multidevs, Integer fmode, Integer dmode,
                            Driver driver, Wrpolicy wrpolicy, Integer queueSize, VirtioOptions virtio, Binary binary,
                            String sourceDir, String sourceSocket, String targetDir, boolean readonly,
                            Integer bootOrder, String alias, Address address) implements DeviceDef {

    /** Validates the share as libvirt's QEMU driver does at define time, every problem at once. */
    public FilesystemDef {
        Checks.path(sourceDir, "The filesystem source directory");
        Checks.path(sourceSocket, "The filesystem source socket");
        Checks.noControl(targetDir, "The filesystem target");
        Checks.range(bootOrder, 1, 65535, "The filesystem boot order");
        virtio = virtio == null ? VirtioOptions.NONE : virtio;
        List<ConfException> problems = new ArrayList<>();
        String tag = targetDir == null ? "(no target)" : targetDir;
        Driver effective = driver == null ? Driver.PATH : driver;
        if (targetDir == null || targetDir.isEmpty()) {
            problems.add(conflict("A <filesystem> needs a <target dir='...'/>: the tag the guest mounts it by."));
        }
        if (sourceDir == null && sourceSocket == null) {
            problems.add(conflict("The filesystem '" + tag + "' needs a <source dir='...'/>."));
        }
        if (sourceDir != null && sourceSocket != null) {
            problems.add(conflict("The filesystem '" + tag + "' gives both a source dir and a socket; keep one."));
        }
        if (fmode != null && fmode > 0777 || dmode != null && dmode > 0777) {
            problems.add(conflict("The fmode and dmode of filesystem '" + tag + "' are file modes from 0000 to 0777."));
        }
        if ((fmode != null || dmode != null) && accessMode != AccessMode.MAPPED && effective != Driver.VIRTIOFS) {
            problems.add(conflict("The fmode and dmode of filesystem '" + tag + "' need accessmode='mapped'."));
        }
        if (bootOrder != null && effective != Driver.VIRTIOFS) {
            problems.add(conflict("The filesystem '" + tag + "' has a boot order, which only virtiofs supports."));
        }
        if (alias != null && !alias.matches("ua-[A-Za-z0-9_-]+")) {
            problems.add(conflict("The alias '" + Checks.printable(alias) + "' of filesystem '" + tag
                    + "' must start with 'ua-' and use only letters, digits, '_' and '-'."));
        }
        if (address != null && !(address instanceof Address.Pci)) {
            problems.add(conflict("The filesystem '" + tag + "' needs a pci address."));
        }
        switch (effective) {
            case PATH -> {
                if (binary != null || sourceSocket != null || queueSize != null) {
                    problems.add(conflict("The filesystem '" + tag + "' has a <binary>, a source socket or a queue "
                            + "size, which only driver type='virtiofs' uses."));
                }
            }
            case HANDLE -> problems.add(new ConfException(Kind.UNSUPPORTED, "The filesystem '" + tag
                    + "' uses driver type='handle', which QEMU removed in 4.0; use type='path'."));
            case VIRTIOFS -> problems.addAll(virtiofs(tag, accessMode, model, multidevs, fmode, dmode, wrpolicy,
                    queueSize, binary, sourceSocket, readonly));
        }
        if (!problems.isEmpty()) {
            throw ConfException.combine(problems);
        }
    }

    private static ConfException conflict(String message) {
        return new ConfException(Kind.CONFLICT, message);
    }

    private static List<ConfException> virtiofs(String tag, AccessMode accessMode, Model model, Multidevs multidevs,
                                                Integer fmode, Integer dmode, Wrpolicy wrpolicy, Integer queueSize,
                                                Binary binary, String sourceSocket, boolean readonly) {
        List<ConfException> problems = new ArrayList<>();
        if (sourceSocket == null) {
            if (readonly) {
                problems.add(new ConfException(Kind.UNSUPPORTED, "The virtiofs share '" + tag + "' cannot be "
                        + "read-only: virtiofsd does not support it yet; use 9p (driver type='path') for a read-only "
                        + "share."));
            }
            if (accessMode != null && accessMode != AccessMode.PASSTHROUGH) {
                problems.add(conflict("The virtiofs share '" + tag + "' supports only accessmode='passthrough'."));
            }
            if (wrpolicy != null) {
                problems.add(conflict("The virtiofs share '" + tag + "' takes no wrpolicy."));
            }
        }
        if (model != null || multidevs != null || fmode != null || dmode != null) {
            problems.add(conflict("The virtiofs share '" + tag + "' takes no model, multidevs, fmode or dmode."));
        }
        if (queueSize != null && (queueSize < 1 || queueSize > 1024 || Integer.bitCount(queueSize) != 1)) {
            problems.add(conflict("The queue size of virtiofs share '" + tag + "' must be a power of two up to "
                    + "1024."));
        }
        if (sourceSocket != null && binary != null) {
            problems.add(conflict("The virtiofs share '" + tag + "' uses a virtiofsd started elsewhere (source "
                    + "socket), so its <binary> settings cannot apply; remove one of them."));
        }
        return problems;
    }

    /** Returns the back end, path (9p) when the XML names none. */
    public Driver effectiveDriver() {
        return driver == null ? Driver.PATH : driver;
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public FilesystemDef withAddress(Address newAddress) {
        return new FilesystemDef(accessMode, model, multidevs, fmode, dmode, driver, wrpolicy, queueSize, virtio, binary,
                sourceDir, sourceSocket, targetDir, readonly, bootOrder, alias, newAddress);
    }

    /** Returns whether jvirtd must start a virtiofsd for this share. */
    public boolean needsVirtiofsd() {
        return driver == Driver.VIRTIOFS && sourceSocket == null;
    }

    /**
     * {@code <binary path xattr>} with its {@code <cache>}, {@code <sandbox>}, {@code <lock>} and
     * {@code <thread_pool>}: how jvirtd runs virtiofsd.
     *
     * @param path the virtiofsd binary, or null for the host's
     * @param xattr whether extended attributes pass through, or null
     * @param cache the cache mode, or null
     * @param sandbox how virtiofsd confines itself, or null
     * @param posixLock whether POSIX locks pass through, or null
     * @param flock whether flock locks pass through, or null
     * @param threadPoolSize the size of virtiofsd's thread pool, or null
     */
    public record Binary(String path, Boolean xattr, CacheMode cache, SandboxMode sandbox, Boolean posixLock,
                         Boolean flock, Integer threadPoolSize) {
        /** Validates the path. */
        public Binary {
            Checks.path(path, "The virtiofsd binary path");
        }
    }

    /** The {@code accessmode} attribute. */
    public enum AccessMode implements XmlEnum {
        /** Files keep the guest's ownership on the host (needs privileges). */
        PASSTHROUGH("passthrough"),
        /** Ownership and modes are kept in extended attributes. */
        MAPPED("mapped"),
        /** Like passthrough, failures of chown are ignored. */
        SQUASH("squash");

        private final String xml;

        AccessMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }

        /** Returns QEMU's {@code security_model} for 9p. */
        public String qemu() {
            return switch (this) {
                case PASSTHROUGH -> "passthrough";
                case MAPPED -> "mapped";
                case SQUASH -> "none";
            };
        }
    }

    /** The {@code model} attribute. */
    public enum Model implements XmlEnum {
        /** virtio-9p-pci. */
        VIRTIO("virtio"),
        /** virtio-9p-pci-transitional. */
        VIRTIO_TRANSITIONAL("virtio-transitional"),
        /** virtio-9p-pci-non-transitional. */
        VIRTIO_NON_TRANSITIONAL("virtio-non-transitional");

        private final String xml;

        Model(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code multidevs} attribute. */
    public enum Multidevs implements XmlEnum {
        /** Inode numbers are remapped so that they stay unique. */
        REMAP("remap"),
        /** Files on other devices are refused. */
        FORBID("forbid"),
        /** A warning is logged. */
        WARN("warn");

        private final String xml;

        Multidevs(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code <driver type>}. */
    public enum Driver implements XmlEnum {
        /** virtio-9p over QEMU's local fsdev (the default). */
        PATH("path"),
        /** The removed 9p handle back end (refused). */
        HANDLE("handle"),
        /** virtio-fs with a virtiofsd. */
        VIRTIOFS("virtiofs");

        private final String xml;

        Driver(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code wrpolicy} attribute. */
    public enum Wrpolicy implements XmlEnum {
        /** Writes reach the disk before they complete. */
        IMMEDIATE("immediate");

        private final String xml;

        Wrpolicy(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The virtiofsd {@code <cache mode>}. */
    public enum CacheMode implements XmlEnum {
        /** No caching in the guest. */
        NONE("none"),
        /** Cache everything. */
        ALWAYS("always");

        private final String xml;

        CacheMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The virtiofsd {@code <sandbox mode>}. */
    public enum SandboxMode implements XmlEnum {
        /** Namespaces and pivot_root. */
        NAMESPACE("namespace"),
        /** chroot only. */
        CHROOT("chroot");

        private final String xml;

        SandboxMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
