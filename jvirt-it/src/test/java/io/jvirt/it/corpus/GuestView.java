package io.jvirt.it.corpus;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a guest sees of a QEMU command line, with the names a management stack chooses (ids,
 * node names, aliases, file descriptors) taken out, so that libvirt's argv and jvirt's compare.
 * {@link ArgvReader} builds it; {@link GuestDiff} compares two.
 *
 * @param settings scalar settings by key: {@code machine.type}, {@code machine.usb}, {@code accel},
 *     {@code cpu.model}, {@code cpu.vmx}, {@code memory.size} (bytes), {@code smp.cpus},
 *     {@code uuid}, {@code rtc.base}, {@code boot.menu}, {@code firmware.kernel}, ...
 * @param extras multi-valued options as text with their counts: {@code -global d.p=v},
 *     {@code -numa ...}, {@code -smbios ...}, backends no device refers to, options not modelled
 * @param devices the {@code -device}s in command-line order
 */
record GuestView(SortedMap<String, String> settings, SortedMap<String, Integer> extras, List<Device> devices) {

    /** Makes the collections immutable. */
    GuestView {
        settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
        extras = Collections.unmodifiableSortedMap(new TreeMap<>(extras));
        devices = List.copyOf(devices);
    }

    /**
     * One {@code -device}.
     *
     * @param driver the QEMU device type, such as {@code virtio-blk-pci}
     * @param location where the guest finds it, such as {@code pci.0 slot 0x4} or
     *     {@code ide.0 unit 1}, with parent buses named by the device that provides them
     *     ({@code virtio-scsi-pci (pci.0 slot 0x5) bus 0 scsi-id 1 lun 0}); empty when the device
     *     has no bus ({@code isa-serial})
     * @param properties the remaining properties; a reference to a backend ({@code drive},
     *     {@code netdev}, {@code chardev}, {@code memdev}...) is replaced by the backend's own
     *     properties, such as {@code disk{format=qcow2,protocol=file,filename=/a.qcow2,read-only=off}}
     * @param identity what names this device across both command lines, when something does: a disk's
     *     file, a NIC's MAC; empty otherwise (devices then pair up in order)
     */
    record Device(String driver, String location, SortedMap<String, String> properties, String identity) {

        /** Makes the map immutable. */
        Device {
            properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        }

        /** The driver, with the identity when there is one: {@code virtio-blk-pci [/tmp/data.img]}. */
        String label() {
            return identity.isEmpty() ? driver : driver + " [" + identity + "]";
        }
    }
}
