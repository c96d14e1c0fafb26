package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DomainDef;
import java.util.Map;

/**
 * Gives a domain the host devices it is assigned before QEMU starts: checks that the host has
 * them and can hand them over (IOMMU, VFIO, the device itself, its driver), binds managed PCI
 * devices to vfio-pci, finds USB devices by vendor and product and SCSI LUNs' generic nodes. Gives
 * managed devices back to their host drivers when QEMU has ended.
 */
public interface HostdevPlumbing {

    /**
     * What a plug found and did.
     *
     * @param live the definition with the USB devices' bus and device numbers filled in (and
     *     optional ones that are absent left out)
     * @param scsiGeneric each SCSI host LUN's {@code /dev/sgN}, by its sysfs name
     */
    record Plugged(DomainDef live, Map<String, String> scsiGeneric) {
    }

    /**
     * Checks every host device and binds the managed ones; all problems are reported at once.
     *
     * @param domain the domain name, for messages
     * @param def the definition about to start
     * @return the live definition and what QEMU needs to open the devices
     * @throws io.jvirt.daemon.DaemonException naming every missing or unusable device; nothing is left bound
     */
    Plugged plug(String domain, DomainDef def);

    /**
     * Gives the managed PCI devices of a domain that has stopped back to their host drivers. Never throws.
     *
     * @param domain the domain name
     * @param live the live definition
     */
    void unplug(String domain, DomainDef live);

    /** For a daemon without host device support: a definition with host devices is passed through unchanged. */
    HostdevPlumbing NONE = new HostdevPlumbing() {
        @Override
        public Plugged plug(String domain, DomainDef def) {
            return new Plugged(def, Map.of());
        }

        @Override
        public void unplug(String domain, DomainDef live) {
        }
    };
}
