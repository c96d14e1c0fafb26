/**
 * The libvirt {@code <domain>} model: {@link io.jvirt.conf.domain.DomainXml} parses and
 * formats, {@link io.jvirt.conf.domain.DomainDef} is the validated immutable record tree.
 *
 * <p>Supported: {@code <domain type>} kvm|qemu; name, uuid, genid, title, description, metadata
 * (kept verbatim); seclabel (kept, not applied), keywrap and launchSecurity type sev (kept; refused
 * at start); idmap (kept, not applied: QEMU guests have no user namespace); the running domain's
 * {@code id} attribute (accepted and dropped, as libvirt's define drops it); the QEMU namespace ({@code <qemu:commandline>} arguments and environment,
 * {@code <qemu:capabilities>}, {@code <qemu:override>}, {@code <qemu:deprecation>}, under any
 * prefix bound to its URI); memory (with dumpCore) and currentMemory in any libvirt unit (stored in KiB), memory
 * taken from the NUMA cells without {@code <memory>}; maxMemory; vcpu with current, placement and
 * cpuset, and the per-vCPU {@code <vcpus>}; the placement and tuning sections
 * ({@link io.jvirt.conf.domain.TuningDef}: blkiotune, memtune, memoryBacking, iothreads,
 * iothreadids, defaultiothread, cputune, numatune, resource, perf), checked against the rest
 * of the domain as libvirt does ({@code TuningChecks}); cpu (custom with model, fallback and
 * vendor_id, host-model, host-passthrough, maximum; vendor; topology; cache; maxphysaddr;
 * feature policies; NUMA cells with distances, caches and interconnects); sysinfo (smbios
 * bios/system/baseBoard/chassis/oemStrings, fwcfg entries); os (firmware efi|bios with firmware
 * feature requirements, type arch/machine, loader rom|pflash with readonly/secure/stateless/format,
 * nvram with template/format or type='file' source, kernel, initrd, cmdline, dtb, ACPI SLIC table,
 * boot dev, bootmenu, bios useserial/rebootTimeout, smbios mode); every x86 feature of libvirt's
 * (acpi, apic eoi, pae, hap, privnet, hyperv with all enlightenments, kvm, pvspinlock, pmu, vmport,
 * smm with tseg, ioapic, vmcoreinfo, msrs, tcg tb-cache, async-teardown; features of other
 * architectures and hypervisors are refused with a sentence); clock utc|localtime|timezone|
 * variable|absolute with every timer and its tick policy, catch-up, track, frequency and mode;
 * on_poweroff, on_reboot, on_crash, on_lockfailure; pm suspend-to-mem/disk; and the devices
 * emulator, disk (every type, device and x86 bus libvirt has, over a
 * {@link io.jvirt.conf.domain.StorageSource} chain; see docs/disks-shares-tpm.md), filesystem
 * (9p and virtiofs),
 * controller (every x86 model of pci, usb, scsi, sata, ide, virtio-serial, ccid and fdc, with
 * {@code <model name>}, {@code <target>}, {@code <driver>}, {@code <master>}, pcihole64, user alias),
 * lease, interface (user, network with portgroup, bridge, ethernet, direct, vhostuser, server,
 * client, mcast, udp, hostdev, vdpa; with every QEMU 7.2 PCI NIC model, driver and its host/guest
 * offloads, vlan, virtualport, bandwidth, port isolation, host and guest ip/route, script,
 * target dev and managed, guest dev, backend, filterref, sndbuf, teaming, link state, mtu,
 * coalesce, rom, acpi index, alias, boot order), smartcard (host, host-certificates, passthrough), serial,
 * parallel, console and channel (every source type QEMU has, {@code <protocol>}, {@code <log>},
 * {@code <reconnect>}; serial target types isa-serial, usb-serial, pci-serial, isa-debug;
 * channel targets virtio and guestfwd), input (mouse, tablet, keyboard on ps2, usb, virtio;
 * passthrough, evdev; virtio options), tpm (emulator, passthrough, external), graphics (vnc, spice, sdl,
 * egl-headless, dbus, with {@code <listen>} elements, passwords, spice channels and options),
 * sound (with codecs), audio (every back end of libvirt 9.0 with its input and output
 * settings), video (vga, cirrus, vmvga, qxl, virtio, bochs, ramfb, none; acceleration,
 * resolution, driver name, virtio options, user alias, acpi index), redirdev, redirfilter, hub (usb), hostdev (subsystem pci, usb, scsi
 * with an adapter or iSCSI, scsi_host, mdev), watchdog, memballoon (with its virtio driver
 * options, free page reporting, deflate on OOM), rng (random, egd and builtin back ends, rate),
 * panic, shmem, memory (dimm, nvdimm, virtio-mem, virtio-pmem; not sgx-epc), iommu (intel,
 * virtio) and vsock. Device addresses of type pci, drive, virtio-serial, usb, isa and ccid are
 * kept exactly (dimm addresses by the memory devices), and 'unassigned' on a PCI host device (bound
 * on the host, given to no guest). Anything else is refused with the
 * element or attribute and its line.
 *
 * <p>Parsing fills in what libvirt fills in, so formatting shows it: a missing UUID (random,
 * version 4) and MAC (52:54:00:xx:xx:xx), currentMemory equal to memory, disk type file,
 * device disk, driver qemu and format raw, the disk bus from the
 * target name (fd fdc, vd virtio, sd scsi, hd ide), a CD-ROM read-only, the input bus
 * (usb for a tablet, ps2 otherwise), cpu mode custom, topology dies 1, and /dev/urandom as
 * the rng source, one vCPU without {@code <vcpu>}, a controller's index (the lowest free one of
 * its type, or its USB2 group's; {@link io.jvirt.conf.domain.ControllerIndexes}) and a USB1
 * companion's {@code <master startport>}, the lifecycle actions destroy/restart/destroy,
 * {@code <clock offset='utc'/>}, {@code <boot dev='hd'/>} when no device has a boot order, a loader
 * named by path is type rom, enrolled keys imply Secure Boot, a sysinfo UUID is written
 * canonically and becomes the domain UUID when there is none. Everything else is written back
 * only if it was given. Implicit devices and addresses are the QEMU driver's to add, at define
 * time ({@code io.jvirt.qemu.address.AddressAssigner}).
 *
 * <p><b>Errors.</b> A parse reports every problem of a document at once
 * ({@link io.jvirt.conf.ConfException#problems()}), sorted by line: each device and each
 * top-level section is read on its own ({@code XmlCursor.read}), so one bad disk does not hide
 * the next. A name libvirt's format knows ({@code LibvirtVocabulary}, generated from libvirt's
 * schemas by {@code scripts/libvirt-vocabulary.py}) but the model does not read is refused as
 * {@code UNSUPPORTED} ("jvirt does not support ... yet"); a name libvirt does not know either
 * is {@code UNKNOWN_*}, with the closest libvirt name when one is near.
 *
 * <p><b>Adding an element.</b> A device kind: a record implementing the sealed
 * {@link io.jvirt.conf.domain.DeviceDef}, its place in {@link io.jvirt.conf.domain.DeviceKind}
 * (libvirt's order), its reader in {@code DeviceParser.readers()}, its case in
 * {@code DeviceFormatter.device} (the exhaustive switches then show every driver site that
 * must handle it, among them its row in the QEMU driver's address table,
 * {@code io.jvirt.qemu.address.DeviceBuses}, and a {@code withAddress} on the record when it
 * has an address). A top-level section: a component of {@link io.jvirt.conf.domain.DomainDef}
 * and its {@code Builder}, a {@code section(...)} line in {@code DomainParser.parse} and its
 * place in {@code DomainFormatter} (libvirt's element order). Whatever jvirt accepts it must
 * format back: the corpus round-trip test compares input and output trees.
 */
package io.jvirt.conf.domain;
