package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.domain.DiskDef.Device;
import io.jvirt.conf.domain.DiskTarget.Bus;
import io.jvirt.conf.domain.NetworkSource.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules libvirt checks for one disk at define time (its {@code domain_validate.c} and
 * the QEMU driver's {@code qemu_validate.c} for QEMU 7.2), every broken rule reported at once.
 */
final class DiskChecks {

    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9_.+\\- ]+");
    private static final Pattern WWN = Pattern.compile("(0x)?[0-9A-Fa-f]{16}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]*");
    /** libvirt's loadparm: kept for s390 guests, which read it; x86 QEMU has no use for it. */
    private static final Pattern LOADPARM = Pattern.compile("[A-Z0-9. ]{1,8}");

    private final DiskDef d;
    private final String dev;
    private final List<ConfException> problems = new ArrayList<>();

    private DiskChecks(DiskDef d) {
        this.d = d;
        this.dev = d.target().dev();
    }

    /** Throws every problem of the disk at once; returns when there is none. */
    static void check(DiskDef d) {
        DiskChecks c = new DiskChecks(d);
        c.device();
        c.bus();
        c.driver();
        c.frontend();
        c.sourceKind();
        for (StorageSource layer : d.layers()) {
            c.layer(layer, layer == d.source());
        }
        if (d.type() == DiskSource.Type.VHOSTUSER) {
            c.vhostUser();
        }
        if (!c.problems.isEmpty()) {
            throw ConfException.combine(c.problems);
        }
    }

    private void fail(Kind kind, String message) {
        problems.add(new ConfException(kind, message));
    }

    private void device() {
        Device dv = d.device();
        Bus bus = d.target().bus();
        if (dv == Device.FLOPPY && bus != Bus.FDC) {
            fail(Kind.CONFLICT, "The floppy '" + dev + "' must be on the fdc bus, not " + bus.xml() + ".");
        }
        if (dv != Device.FLOPPY && bus == Bus.FDC) {
            fail(Kind.CONFLICT, "The fdc bus of disk '" + dev + "' takes only floppy drives; use device='floppy'.");
        }
        if (dv == Device.FLOPPY && !dev.startsWith("fd")) {
            fail(Kind.INVALID_VALUE, "The floppy target '" + dev + "' must be named fdX, such as fda.");
        }
        if ((dv == Device.DISK || dv == Device.LUN) && dev.startsWith("fd")) {
            fail(Kind.INVALID_VALUE, "The hard disk target '" + dev + "' must be named hdX, sdX or vdX.");
        }
        if (d.isEmpty() && dv == Device.DISK && d.type() == DiskSource.Type.VOLUME) {
            fail(Kind.MISSING_VALUE, "The volume disk '" + dev + "' needs <source pool='...' volume='...'/>.");
        } else if (d.isEmpty() && dv == Device.DISK) {
            fail(Kind.MISSING_VALUE, "The disk '" + dev + "' needs a <source>; only a CD-ROM, a floppy or a LUN "
                    + "may be empty.");
        }
        if (dv == Device.CDROM && (bus == Bus.VIRTIO)) {
            fail(Kind.CONFLICT, "The CD-ROM '" + dev + "' cannot use the virtio bus, which has no removable media; "
                    + "use sata, scsi, ide or usb.");
        }
        if (d.target().tray() != null && dv != Device.CDROM && dv != Device.FLOPPY) {
            fail(Kind.CONFLICT, "The disk '" + dev + "' has a tray, which only a cdrom or floppy has.");
        }
        if (dv == Device.LUN) {
            lun();
        } else {
            if (d.source().reservations() != null) {
                fail(Kind.CONFLICT, "The disk '" + dev + "' has <reservations>, which only a device='lun' takes.");
            }
            if (d.rawio() != null) {
                fail(Kind.CONFLICT, "The disk '" + dev + "' sets rawio, which only a device='lun' takes.");
            }
            if (d.sgio() != null) {
                fail(Kind.CONFLICT, "The disk '" + dev + "' sets sgio, which only a device='lun' takes.");
            }
        }
        if (d.sgio() == DiskDef.Sgio.UNFILTERED) {
            fail(Kind.UNSUPPORTED, "The LUN '" + dev + "' asks for sgio='unfiltered', which QEMU no longer "
                    + "supports; use 'filtered'.");
        }
        if (d.startupPolicy() != null) {
            DiskSource.Type t = d.type();
            if (t != DiskSource.Type.FILE && t != DiskSource.Type.BLOCK && t != DiskSource.Type.DIR
                    && t != DiskSource.Type.VOLUME) {
                fail(Kind.CONFLICT, "The startupPolicy of disk '" + dev + "' applies to local files, block "
                        + "devices and volumes, not to a disk of type '" + t.xml() + "'.");
            }
            if (d.startupPolicy() == DiskDef.StartupPolicy.REQUISITE && dv != Device.CDROM && dv != Device.FLOPPY) {
                fail(Kind.CONFLICT, "The startupPolicy 'requisite' of disk '" + dev + "' is only for a cdrom or "
                        + "floppy.");
            }
        }
        if (d.transientDisk() != null) {
            transientDisk();
        }
        if (d.shareable() && !d.effectivelyReadonly() && d.format() != null && d.format() != DiskFormat.RAW) {
            fail(Kind.CONFLICT, "The shareable disk '" + dev + "' is " + d.format().xml() + "; several guests can "
                    + "write one image together only in raw format.");
        }
    }

    private void lun() {
        Bus bus = d.target().bus();
        if (bus != Bus.VIRTIO && bus != Bus.SCSI) {
            fail(Kind.CONFLICT, "The LUN '" + dev + "' must be on the virtio or scsi bus, not " + bus.xml() + ".");
        }
        DiskSource loc = d.location();
        if (loc instanceof NetworkSource n) {
            if (n.protocol() != Protocol.ISCSI) {
                fail(Kind.CONFLICT, "The LUN '" + dev + "' cannot use the " + n.protocol().xml()
                        + " protocol; a network LUN must be iscsi.");
            }
        } else if (!(loc instanceof DiskSource.Block) && !(loc instanceof DiskSource.Volume)) {
            fail(Kind.CONFLICT, "The LUN '" + dev + "' needs a block device source (type 'block'), not type '"
                    + loc.type().xml() + "'.");
        }
        if (d.format() != null && d.format() != DiskFormat.RAW) {
            fail(Kind.CONFLICT, "The LUN '" + dev + "' must use the raw format, not " + d.format().xml() + ".");
        }
        if (d.source().slice() != null) {
            fail(Kind.CONFLICT, "The LUN '" + dev + "' cannot have a storage slice.");
        }
        if (d.source().encryption() != null) {
            fail(Kind.CONFLICT, "The LUN '" + dev + "' cannot be encrypted.");
        }
        if (Boolean.TRUE.equals(d.driver().copyOnRead())) {
            fail(Kind.CONFLICT, "The LUN '" + dev + "' cannot use copy_on_read.");
        }
        if (d.wwn() != null || d.vendor() != null || d.product() != null) {
            fail(Kind.CONFLICT, "The LUN '" + dev + "' takes its wwn, vendor and product from the device; remove "
                    + "them.");
        }
        if (d.serial() != null && bus == Bus.SCSI) {
            fail(Kind.CONFLICT, "The SCSI LUN '" + dev + "' (scsi-block) takes no serial; remove it.");
        }
    }

    private void transientDisk() {
        if (d.isEmpty()) {
            fail(Kind.CONFLICT, "The transient disk '" + dev + "' must not be empty.");
        }
        if (d.readonly()) {
            fail(Kind.CONFLICT, "The transient disk '" + dev + "' must not be read-only.");
        }
        if (d.type() != DiskSource.Type.FILE) {
            fail(Kind.CONFLICT, "The transient disk '" + dev + "' must be of type 'file', not '" + d.type().xml()
                    + "'.");
        }
        if (d.device() != Device.DISK) {
            fail(Kind.CONFLICT, "The transient disk '" + dev + "' must be a device='disk'.");
        }
        if (Boolean.TRUE.equals(d.transientDisk().shareBacking())) {
            Bus bus = d.target().bus();
            if (bus != Bus.USB && bus != Bus.VIRTIO && bus != Bus.SCSI) {
                fail(Kind.CONFLICT, "The transient disk '" + dev + "' can share its backing image only on the "
                        + "virtio, scsi or usb bus.");
            }
        }
    }

    private void bus() {
        Bus bus = d.target().bus();
        Address a = d.address();
        boolean driveBus = bus == Bus.IDE || bus == Bus.FDC || bus == Bus.SCSI || bus == Bus.SATA;
        if (a != null && driveBus && !(a instanceof Address.Drive)) {
            fail(Kind.CONFLICT, "The disk '" + dev + "' on the " + bus.xml() + " bus needs a drive address, not a "
                    + a.describe() + ".");
        }
        if (a != null && bus == Bus.VIRTIO && !(a instanceof Address.Pci)) {
            fail(Kind.CONFLICT, "The virtio disk '" + dev + "' needs a pci address, not a " + a.describe() + ".");
        }
        if (a != null && bus == Bus.USB && !(a instanceof Address.Usb)) {
            fail(Kind.CONFLICT, "The USB disk '" + dev + "' needs a usb address, not a " + a.describe() + ".");
        }
        DiskDriver dr = d.driver();
        if (bus != Bus.VIRTIO) {
            if (d.model() != null) {
                fail(Kind.CONFLICT, "The disk model '" + d.model().xml() + "' of disk '" + dev
                        + "' needs the virtio bus.");
            }
            List<String> virtioOnly = new ArrayList<>();
            if (dr.queues() != null) {
                virtioOnly.add("queues");
            }
            if (dr.queueSize() != null) {
                virtioOnly.add("queue_size");
            }
            if (dr.eventIdx() != null) {
                virtioOnly.add("event_idx");
            }
            if (dr.ioeventfd() != null) {
                virtioOnly.add("ioeventfd");
            }
            if (dr.iothread() != null) {
                virtioOnly.add("iothread");
            }
            if (!dr.virtio().isEmpty()) {
                virtioOnly.add("iommu/ats/packed/page_per_vq");
            }
            if (!virtioOnly.isEmpty()) {
                fail(Kind.CONFLICT, "The driver of disk '" + dev + "' sets " + String.join(", ", virtioOnly)
                        + ", which only the virtio bus takes.");
            }
        }
        if (d.target().removable() != null && bus != Bus.USB) {
            fail(Kind.CONFLICT, "The disk '" + dev + "' sets removable, which only a usb disk takes.");
        }
        Integer rate = d.target().rotationRate();
        if (rate != null && (bus != Bus.SCSI && bus != Bus.IDE && bus != Bus.SATA || d.device() != Device.DISK)) {
            fail(Kind.CONFLICT, "The rotation_rate of disk '" + dev + "' applies only to a device='disk' on the "
                    + "scsi, ide or sata bus.");
        }
        if (d.readonly() && d.device() == Device.DISK && (bus == Bus.IDE || bus == Bus.SATA)) {
            fail(Kind.CONFLICT, "The " + bus.xml() + " disk '" + dev + "' cannot be read-only: QEMU's IDE disks "
                    + "are always writable; use virtio or scsi, or a cdrom.");
        }
        if (d.geometry() != null) {
            if (bus == Bus.USB) {
                fail(Kind.CONFLICT, "The USB disk '" + dev + "' cannot have a CHS geometry.");
            }
            if (d.geometry().trans() != null && bus != Bus.IDE) {
                fail(Kind.CONFLICT, "The geometry translation of disk '" + dev + "' applies only to the ide bus.");
            }
        }
        if (d.wwn() != null && bus != Bus.IDE && bus != Bus.SCSI) {
            fail(Kind.CONFLICT, "The disk '" + dev + "' has a wwn, which only ide and scsi disks take.");
        }
        if ((d.vendor() != null || d.product() != null) && bus != Bus.SCSI) {
            fail(Kind.CONFLICT, "The disk '" + dev + "' has a vendor or product, which only scsi disks take.");
        }
    }

    private void driver() {
        DiskDriver dr = d.driver();
        if (dr.io() == DiskDriver.Io.NATIVE && dr.cache() != DiskDriver.Cache.NONE
                && dr.cache() != DiskDriver.Cache.DIRECTSYNC) {
            fail(Kind.CONFLICT, "The disk '" + dev + "' uses io='native', which needs cache='none' or "
                    + "cache='directsync'.");
        }
        if (Boolean.TRUE.equals(dr.copyOnRead())) {
            if (d.effectivelyReadonly()) {
                fail(Kind.CONFLICT, "The read-only disk '" + dev + "' cannot use copy_on_read.");
            } else if (d.device() == Device.FLOPPY) {
                fail(Kind.CONFLICT, "The removable disk '" + dev + "' cannot use copy_on_read.");
            }
        }
    }

    private void frontend() {
        if (d.serial() != null && !SERIAL.matcher(d.serial()).matches()) {
            fail(Kind.INVALID_VALUE, "The serial of disk '" + dev + "' may use only letters, digits, space and "
                    + "-_.+ characters.");
        }
        if (d.wwn() != null && !WWN.matcher(d.wwn()).matches()) {
            fail(Kind.INVALID_VALUE, "The wwn '" + Checks.printable(d.wwn()) + "' of disk '" + dev
                    + "' must be 16 hexadecimal digits.");
        }
        if (d.vendor() != null && (!PRINTABLE.matcher(d.vendor()).matches() || d.vendor().length() > 8)) {
            fail(Kind.INVALID_VALUE, "The vendor of disk '" + dev + "' must be at most 8 printable characters.");
        }
        if (d.product() != null && (!PRINTABLE.matcher(d.product()).matches() || d.product().length() > 16)) {
            fail(Kind.INVALID_VALUE, "The product of disk '" + dev + "' must be at most 16 printable characters.");
        }
        Checks.range(d.bootOrder(), 1, 65535, "The disk boot order");
        if (d.loadparm() != null && !LOADPARM.matcher(d.loadparm()).matches()) {
            fail(Kind.INVALID_VALUE, "The boot loadparm '" + Checks.printable(d.loadparm()) + "' of disk '" + dev
                    + "' must be 1 to 8 letters, digits, dots or spaces.");
        }
        if (d.alias() != null && !d.alias().matches("ua-[A-Za-z0-9_-]+")) {
            fail(Kind.INVALID_VALUE, "The alias '" + Checks.printable(d.alias()) + "' of disk '" + dev
                    + "' must start with 'ua-' and use only letters, digits, '_' and '-'.");
        }
    }

    private void sourceKind() {
        DiskSource loc = d.location();
        if (loc instanceof DiskSource.Dir && !d.effectivelyReadonly()) {
            fail(Kind.CONFLICT, "The directory disk '" + dev + "' must be <readonly/>: QEMU shows a directory as a "
                    + "read-only FAT disk.");
        }
        if (loc instanceof DiskSource.Nvme && d.device() != Device.DISK) {
            fail(Kind.CONFLICT, "The NVMe disk '" + dev + "' must be a device='disk'.");
        }
    }

    /** The rules for one layer of the chain ({@code qemuDomainValidateStorageSource} and friends). */
    private void layer(StorageSource s, boolean top) {
        DiskSource loc = s.location();
        DiskFormat f = s.format();
        String where = top ? "disk '" + dev + "'" : "a backing layer of disk '" + dev + "'";
        if (f == DiskFormat.COW || f == DiskFormat.DIR || f == DiskFormat.ISO) {
            fail(Kind.UNSUPPORTED, "The format '" + f.xml() + "' of " + where + " is not supported by QEMU; "
                    + (f == DiskFormat.DIR ? "use a disk of type 'dir'" : f == DiskFormat.ISO ? "use 'raw'"
                    : "convert the image") + ".");
        }
        if (f == DiskFormat.FAT && !(loc instanceof DiskSource.Dir) && !(loc instanceof DiskSource.Volume)) {
            fail(Kind.CONFLICT, "The format 'fat' of " + where + " needs a disk of type 'dir'.");
        }
        if (loc instanceof DiskSource.Dir && f != null && f != DiskFormat.FAT) {
            fail(Kind.CONFLICT, "The directory source of " + where + " needs the format 'fat', not '" + f.xml()
                    + "'.");
        }
        if (s.metadataCacheMaxSize() != null && f != DiskFormat.QCOW2) {
            fail(Kind.CONFLICT, "The metadata_cache of " + where + " applies only to qcow2 images.");
        }
        if (!top && loc.isEmpty()) {
            fail(Kind.MISSING_VALUE, "A backing layer of disk '" + dev + "' has no source.");
        }
        if (!top && (loc instanceof DiskSource.VhostUser || loc instanceof DiskSource.Volume)) {
            fail(Kind.UNSUPPORTED, "A backing layer of disk '" + dev + "' cannot be of type '" + loc.type().xml()
                    + "'.");
        }
        if (!top && f == null) {
            fail(Kind.MISSING_VALUE, "A backing layer of disk '" + dev + "' needs <format type='...'/>.");
        }
        if (s.backing() instanceof StorageSource && f != null && !f.hasBacking()) {
            fail(Kind.CONFLICT, "The " + f.xml() + " image of " + where + " cannot have a backing image.");
        }
        if (s.auth() != null) {
            auth(s, loc, where);
        }
        if (s.encryption() != null) {
            encryption(s, loc, f, where);
        }
        if (loc instanceof NetworkSource n) {
            network(n, where);
        }
    }

    private void auth(StorageSource s, DiskSource loc, String where) {
        if (loc instanceof DiskSource.Volume) {
            // the pool decides what the volume is; its credentials are checked when it is resolved
            return;
        }
        if (!(loc instanceof NetworkSource n)) {
            fail(Kind.CONFLICT, "The <auth> of " + where + " applies only to a network disk.");
            return;
        }
        switch (n.protocol()) {
            case ISCSI, HTTP, HTTPS, FTP, FTPS, SSH, RBD -> { }
            case NBD, SHEEPDOG, GLUSTER, TFTP, VXHS, NFS -> fail(Kind.CONFLICT, "The " + n.protocol().xml()
                    + " protocol of " + where + " takes no <auth>.");
        }
        DiskAuth.SecretType t = s.auth().secretType();
        if (n.protocol() == Protocol.ISCSI && t != DiskAuth.SecretType.ISCSI
                || n.protocol() == Protocol.RBD && t != DiskAuth.SecretType.CEPH) {
            fail(Kind.CONFLICT, "The <auth> secret of " + where + " must be of type '"
                    + (n.protocol() == Protocol.ISCSI ? "iscsi" : "ceph") + "', not '" + t.xml() + "'.");
        }
    }

    private void encryption(StorageSource s, DiskSource loc, DiskFormat f, String where) {
        DiskEncryption e = s.encryption();
        switch (e.format()) {
            case DEFAULT, QCOW -> fail(Kind.UNSUPPORTED, "The old qcow encryption of " + where
                    + " is not supported; use format='luks'.");
            case LUKS, LUKS2, LUKS_ANY -> {
                DiskEncryption.Engine engine = e.engine() == null ? DiskEncryption.Engine.QEMU : e.engine();
                switch (engine) {
                    case QEMU -> {
                        if (e.format() != DiskEncryption.Format.LUKS) {
                            fail(Kind.UNSUPPORTED, "QEMU's encryption engine opens only format='luks', not '"
                                    + e.format().xml() + "' (" + where + ").");
                        } else if (f != null && f != DiskFormat.RAW && f != DiskFormat.QCOW2) {
                            fail(Kind.CONFLICT, "The LUKS encryption of " + where + " needs a raw or qcow2 image.");
                        }
                    }
                    case LIBRBD -> {
                        if (!(loc instanceof NetworkSource n && n.protocol() == Protocol.RBD)) {
                            fail(Kind.CONFLICT, "The librbd encryption engine of " + where + " needs an rbd disk.");
                        }
                    }
                }
            }
        }
        if (e.secrets().isEmpty()) {
            fail(Kind.MISSING_VALUE, "The <encryption> of " + where + " needs a <secret type='passphrase' .../>.");
        }
    }

    private void network(NetworkSource n, String where) {
        Protocol p = n.protocol();
        switch (p) {
            case SHEEPDOG, VXHS, TFTP -> fail(Kind.UNSUPPORTED, "The " + p.xml() + " protocol of " + where
                    + " is not in QEMU 7.2; copy the image to a file or another protocol.");
            case NBD, ISCSI, HTTP, HTTPS, FTP, FTPS, SSH, NFS -> {
                if (n.hosts().size() != 1) {
                    fail(Kind.CONFLICT, "The " + p.xml() + " source of " + where + " needs exactly one <host>, not "
                            + n.hosts().size() + ".");
                }
            }
            case GLUSTER -> {
                if (n.hosts().isEmpty()) {
                    fail(Kind.MISSING_VALUE, "The gluster source of " + where + " needs at least one <host>.");
                }
            }
            case RBD -> { }
        }
        for (NetworkSource.Host h : n.hosts()) {
            if (h.transport() == NetworkSource.Transport.RDMA) {
                fail(Kind.UNSUPPORTED, "The rdma transport of " + where + " is not supported by QEMU's block drivers.");
            }
            if (h.transport() == NetworkSource.Transport.UNIX && p != Protocol.NBD && p != Protocol.GLUSTER) {
                fail(Kind.CONFLICT, "The " + p.xml() + " source of " + where + " cannot use a unix socket host.");
            }
        }
        if (p == Protocol.NFS && !n.hosts().isEmpty() && n.hosts().getFirst().port() != null) {
            fail(Kind.CONFLICT, "The nfs host of " + where + " takes no port.");
        }
        if ((n.snapshot() != null || n.config() != null) && p != Protocol.RBD) {
            fail(Kind.CONFLICT, "The <snapshot> and <config> of " + where + " apply only to rbd disks.");
        }
        if (n.query() != null && p != Protocol.HTTP && p != Protocol.HTTPS) {
            fail(Kind.CONFLICT, "The query of " + where + " applies only to http and https disks.");
        }
        if (!n.cookies().isEmpty() && p != Protocol.HTTP && p != Protocol.HTTPS) {
            fail(Kind.CONFLICT, "The <cookies> of " + where + " apply only to http and https disks.");
        }
        if (n.sslVerify() != null && p != Protocol.HTTPS && p != Protocol.FTPS) {
            fail(Kind.CONFLICT, "The <ssl verify> of " + where + " applies only to https and ftps disks.");
        }
        if ((n.readahead() != null || n.timeout() != null) && !p.isCurl()) {
            fail(Kind.CONFLICT, "The <readahead> and <timeout> of " + where + " apply only to http(s) and ftp(s) "
                    + "disks.");
        }
        if (n.tlsHostname() != null && p != Protocol.NBD) {
            fail(Kind.CONFLICT, "The tlsHostname of " + where + " applies only to nbd disks.");
        }
        if (n.tls() != null && p != Protocol.NBD) {
            fail(Kind.CONFLICT, "The tls attribute of " + where + " applies only to nbd disks.");
        }
        if ((n.nfsUser() != null || n.nfsGroup() != null) && p != Protocol.NFS) {
            fail(Kind.CONFLICT, "The <identity> of " + where + " applies only to nfs disks.");
        }
        if (n.initiatorIqn() != null && p != Protocol.ISCSI) {
            fail(Kind.CONFLICT, "The <initiator> of " + where + " applies only to iscsi disks.");
        }
    }

    private void vhostUser() {
        List<String> refused = new ArrayList<>();
        DiskDriver dr = d.driver();
        add(refused, dr.cache() != null, "cache");
        add(refused, dr.errorPolicy() != null || dr.rerrorPolicy() != null, "error_policy");
        add(refused, dr.io() != null, "io");
        add(refused, dr.ioeventfd() != null, "ioeventfd");
        add(refused, dr.copyOnRead() != null, "copy_on_read");
        add(refused, dr.discard() != null, "discard");
        add(refused, dr.iothread() != null, "iothread");
        add(refused, dr.detectZeroes() != null, "detect_zeroes");
        add(refused, d.source().metadataCacheMaxSize() != null, "metadata_cache");
        add(refused, d.iotune() != null, "iotune");
        add(refused, d.source().backing() != null, "backingStore");
        add(refused, d.source().encryption() != null, "encryption");
        add(refused, d.readonly(), "readonly");
        add(refused, d.shareable(), "shareable");
        add(refused, d.transientDisk() != null, "transient");
        add(refused, d.serial() != null, "serial");
        add(refused, d.wwn() != null, "wwn");
        add(refused, d.vendor() != null || d.product() != null, "vendor/product");
        add(refused, d.geometry() != null, "geometry");
        add(refused, d.blockio() != null, "blockio");
        add(refused, d.source().format() != null && d.source().format() != DiskFormat.RAW, "a format other than raw");
        if (!refused.isEmpty()) {
            fail(Kind.CONFLICT, "The vhost-user disk '" + dev + "' cannot have " + String.join(", ", refused)
                    + ": the back end owns the image.");
        }
        if (d.target().bus() != Bus.VIRTIO) {
            fail(Kind.CONFLICT, "The vhost-user disk '" + dev + "' must be on the virtio bus.");
        }
        if (d.snapshot() != null && d.snapshot() != DiskDef.SnapshotMode.NO) {
            fail(Kind.CONFLICT, "The vhost-user disk '" + dev + "' takes only snapshot='no'.");
        }
    }

    private static void add(List<String> list, boolean present, String name) {
        if (present) {
            list.add(name);
        }
    }
}
