package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of devices against the machine type and features that libvirt's QEMU driver makes
 * at define (qemuValidateDomainDeviceDefIOMMU, the itco watchdog of libvirt 9.1): every broken
 * rule is reported.
 */
final class PlatformChecks {

    private PlatformChecks() {
    }

    static void check(OsDef os, Features features, Devices devices) {
        boolean q35 = os.machine() != null && os.machine().contains("q35");
        List<ConfException> problems = new ArrayList<>();
        IommuDef iommu = devices.iommu();
        if (iommu != null && !q35) {
            problems.add(new ConfException(Kind.UNSUPPORTED, "The " + iommu.model().xml() + " IOMMU works only with "
                    + "q35 machines; use <type machine='q35'>."));
        }
        if (iommu != null && iommu.model() == IommuDef.Model.VIRTIO && !features.acpi()) {
            problems.add(new ConfException(Kind.CONFLICT, "The virtio IOMMU needs ACPI; add <acpi/> to <features>."));
        }
        WatchdogDef watchdog = devices.watchdog();
        if (watchdog != null && watchdog.model() == WatchdogDef.Model.ITCO && !q35) {
            problems.add(new ConfException(Kind.UNSUPPORTED, "The itco watchdog is part of the q35's ICH9 chipset; use "
                    + "a q35 machine, or i6300esb or ib700 on pc."));
        }
        if (!problems.isEmpty()) {
            throw ConfException.combine(problems);
        }
    }
}
