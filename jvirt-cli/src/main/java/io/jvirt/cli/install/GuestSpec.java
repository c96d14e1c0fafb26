package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The guest being planned, part by part, while the options are read and virt-install's defaults
 * are filled in: a working value of {@link InstallPlanner}, rendered at the end into the two
 * documents of an install (the first boot and the installed guest's boots) by {@link GuestRender}.
 * Elements are XML element trees ({@link XmlOut}), never text glued together; the conf model
 * validates the result.
 */
final class GuestSpec {
    /** Which boots a device belongs to. */
    enum Phase {
        /** Both the install boot and the installed guest's boots. */
        ALWAYS,
        /** Only the first (install) boot: install media, seeds. */
        INSTALL_ONLY
    }

    /**
     * One device: its element for the installed guest and, when the install boot differs (an
     * install CD-ROM with its medium), the element for that boot.
     *
     * @param kind the element name (disk, interface, ...)
     * @param xml the element for the installed guest, or null when it exists only in the install boot
     * @param installXml the element for the install boot
     */
    record Device(String kind, XmlOut xml, XmlOut installXml) {
    }

    String type;
    String name;
    UUID uuid;
    String title;
    String description;
    boolean genid;
    OsInfo os = OsInfo.GENERIC;
    boolean osinfoGiven;
    long memoryKiB;
    long currentMemoryKiB;
    XmlOut maxMemory;
    int vcpus;
    Integer vcpusCurrent;
    String cpuset;
    String placement;
    XmlOut cpu;
    XmlOut topology;
    String arch = "x86_64";
    String machine;
    String firmware;
    final List<XmlOut> osExtras = new ArrayList<>();
    final List<String> bootDevices = new ArrayList<>();
    String kernel;
    String initrd;
    String cmdline;
    boolean bootOrderOnDevices;
    final List<String> installBootDevices = new ArrayList<>();
    String installKernel;
    String installInitrd;
    String installCmdline;
    final Map<String, XmlOut> features = new LinkedHashMap<>();
    final List<String> featuresOff = new ArrayList<>();
    /** The Hyper-V enlightenments by name (relaxed, vapic, spinlocks, synic, ...), in the order given. */
    final Map<String, XmlOut> hyperv = new LinkedHashMap<>();
    String clockOffset;
    final List<XmlOut> timers = new ArrayList<>();
    final Map<String, String> events = new LinkedHashMap<>();
    final List<Device> devices = new ArrayList<>();
    String emulator = "/usr/bin/qemu-system-x86_64";
    XmlOut memoryBacking;
    /** {@code <os><smbios mode=>}: host, emulate or sysinfo; null for QEMU's default. */
    String smbiosMode;
    final SmbiosTables sysinfo = new SmbiosTables();
    /** Seeds read by cloud-init are on the first boot: its SMBIOS serial says {@code ds=nocloud}, as virt-install's. */
    boolean nocloudSerial;
    XmlOut qemuCommandline;
    boolean suspendToMem;
    boolean suspendToDisk;
    XmlOut resource;
    XmlOut launchSecurity;
    /** Domain-level tuning elements ({@code iothreads}, {@code cputune}, {@code numatune}, ...), in the order read. */
    final List<XmlOut> tuning = new ArrayList<>();
    final List<XmlOut> seclabels = new ArrayList<>();
    /** What needs the guest's memory shared with another process (virtiofsd, a vhost-user switch), for a note. */
    final List<String> sharedMemoryUsers = new ArrayList<>();

    // what the given options said, for the defaults virt-install adds afterwards
    boolean graphicsNone;
    boolean spice;
    boolean gl;
    boolean usbDisabled;
    boolean usbController;
    boolean pciController;
    boolean scsiDisk;
    boolean scsiController;
    boolean spicevmcChannel;
    boolean noConsole;
    boolean noChannel;
    boolean noRng;
    boolean noSound;
    boolean noMemballoon;
    boolean noTpm;
    boolean noVideo;
    boolean noInput;
    boolean noRedirdev;
    boolean vmportGiven;

    /** Adds a device present in every boot. */
    void add(String kind, XmlOut xml) {
        devices.add(new Device(kind, xml, xml));
    }

    /** Returns the devices of a kind that every boot has. */
    List<XmlOut> all(String kind) {
        return devices.stream().filter(d -> d.kind().equals(kind) && d.xml() != null).map(Device::xml).toList();
    }

    /** Returns whether any boot has a device of this kind. */
    boolean has(String kind) {
        return devices.stream().anyMatch(d -> d.kind().equals(kind));
    }

    /** Returns whether the guest is a q35 machine. */
    boolean q35() {
        return machine != null && (machine.equals("q35") || machine.startsWith("pc-q35"));
    }
}
