package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.conf.domain.ControllerDef.Type;

/**
 * The {@code <driver>} element of a virtio controller. The queue and request settings apply
 * to a virtio-scsi controller; the virtio options ({@code iommu}, {@code ats}, {@code packed},
 * {@code page_per_vq}) to virtio-scsi and virtio-serial.
 *
 * @param queues the number of request queues, or null
 * @param cmdPerLun the commands queued per LUN, or null
 * @param maxSectors the largest request in sectors, or null
 * @param ioeventfd whether QEMU handles notifications in an eventfd, or null
 * @param iothread the I/O thread (from 1) that serves the controller, or null
 * @param iommu whether the device goes through the guest's IOMMU, or null
 * @param ats whether it uses PCIe address translation services, or null
 * @param packed whether it uses packed virtqueues, or null
 * @param pagePerVq whether each virtqueue gets its own notification page, or null
 */
public record ControllerDriver(Integer queues, Integer cmdPerLun, Integer maxSectors, Boolean ioeventfd,
                               Integer iothread, Boolean iommu, Boolean ats, Boolean packed, Boolean pagePerVq) {

    /** Validates the ranges. */
    public ControllerDriver {
        Checks.range(queues, 1, 1024, "The controller driver queue count");
        Checks.range(cmdPerLun, 1, Integer.MAX_VALUE, "The controller driver cmd_per_lun");
        Checks.range(maxSectors, 1, Integer.MAX_VALUE, "The controller driver max_sectors");
        Checks.range(iothread, 1, Integer.MAX_VALUE, "The controller driver iothread");
    }

    /** Returns whether any queue or request setting (virtio-scsi only) is given. */
    public boolean hasScsiSettings() {
        return queues != null || cmdPerLun != null || maxSectors != null || ioeventfd != null || iothread != null;
    }

    void check(Type type, Model model, String what) {
        boolean virtioScsi = type == Type.SCSI && (model == Model.VIRTIO_SCSI
                || model == Model.SCSI_VIRTIO_TRANSITIONAL || model == Model.SCSI_VIRTIO_NON_TRANSITIONAL);
        if (hasScsiSettings() && !virtioScsi) {
            throw new ConfException(Kind.CONFLICT, "The <driver> settings queues, cmd_per_lun, max_sectors, "
                    + "ioeventfd and iothread apply only to a virtio-scsi controller, not to the " + what + ".");
        }
        if (!virtioScsi && type != Type.VIRTIO_SERIAL) {
            throw new ConfException(Kind.CONFLICT, "Only virtio-scsi and virtio-serial controllers have a <driver>; "
                    + "remove it from the " + what + ".");
        }
    }
}
