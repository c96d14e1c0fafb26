package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.List;
import java.util.UUID;

/**
 * A validated, immutable guest definition: the model of a libvirt {@code <domain>} document.
 * Parse and format it with {@link DomainXml}.
 *
 * @param type the accelerator the guest expects
 * @param name the unique guest name
 * @param uuid the unique guest id
 * @param title a one-line title, or null
 * @param description a free-form description, or null
 * @param metadata the children of {@code <metadata>} as canonical XML (applications' own
 *     namespaced data, kept verbatim), or null
 * @param maxMemory the memory hotplug limit and slots ({@code <maxMemory>}), or null
 * @param memoryKiB the maximum memory at boot, in KiB
 * @param currentMemoryKiB the memory actually given at boot (the balloon target), in KiB
 * @param vcpu the vCPU counts
 * @param tuning the placement and tuning sections (cputune, numatune, memoryBacking, ...)
 * @param cpu the CPU model and topology, or null for the hypervisor default
 * @param sysinfo the {@code <sysinfo>} elements (SMBIOS strings, fw_cfg entries), possibly empty
 * @param os the machine type, firmware and boot settings; without any {@code <boot dev>} or device
 *     {@code <boot order>}, the guest boots from its first disk ({@code <boot dev='hd'/>}) as in libvirt
 * @param features the hypervisor features
 * @param clock the clock settings; null gives libvirt's default, {@code <clock offset='utc'/>}
 * @param onPoweroff what to do when the guest powers off; null gives destroy
 * @param onReboot what to do when the guest reboots; null gives restart
 * @param onCrash what to do when the guest crashes; null gives destroy
 * @param onLockFailure what to do when a lock manager loses a lock, or null for its default
 * @param pm the power management settings, or null
 * @param devices the devices
 * @param genid the VM generation id ({@code <genid>}), or null when the guest has none
 * @param security the seclabels, keywrap and launchSecurity sections
 * @param qemu what the document says in libvirt's QEMU namespace
 * @param idmap the {@code <idmap>} user and group id maps (kept as libvirt keeps them; QEMU guests have no
 *     user namespace to apply them to)
 * @param dumpCore the {@code dumpCore} switch of {@code <memory>}: whether the guest memory goes into a core
 *     dump of QEMU ({@code dump-guest-core}), or null for QEMU's default as libvirt sets it (off)
 */
public record DomainDef(DomainType type, String name, UUID uuid, String title, String description,
                        String metadata, MaxMemoryDef maxMemory, long memoryKiB, long currentMemoryKiB, VcpuDef vcpu,
                        TuningDef tuning, CpuDef cpu, List<SysinfoDef> sysinfo, OsDef os,
                        Features features, ClockDef clock, LifecycleAction onPoweroff, LifecycleAction onReboot,
                        LifecycleAction onCrash, LockFailureAction onLockFailure, PmDef pm, Devices devices,
                        UUID genid, SecurityDef security, QemuNamespaceDef qemu, IdMapDef idmap,
                        Boolean dumpCore) {

    /** Longest accepted domain name. */
    public static final int MAX_NAME_LENGTH = 200;

    /** Largest accepted memory size in KiB (16 PiB). */
    public static final long MAX_MEMORY_KIB = 1L << 44;

    /** Validates the definition as a whole. */
    public DomainDef {
        Checks.required(type, "The domain type");
        validateName(name);
        Checks.required(uuid, "The domain UUID");
        if (title != null && (title.contains("\n") || title.contains("\r"))) {
            throw new ConfException(Kind.INVALID_VALUE, "The domain title must be a single line.");
        }
        Checks.noControl(title, "The domain title");
        Checks.noControl(description, "The domain description");
        if (metadata != null) {
            try {
                io.jvirt.conf.xml.XmlReader.read("<metadata>" + metadata + "</metadata>");
            } catch (ConfException e) {
                throw new ConfException(Kind.INVALID_VALUE, "The domain metadata is not well-formed XML.");
            }
        }
        if (memoryKiB <= 0 || memoryKiB > MAX_MEMORY_KIB) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The domain memory must be more than 0 and at most 16 PiB, not " + memoryKiB + " KiB.");
        }
        if (currentMemoryKiB <= 0 || currentMemoryKiB > memoryKiB) {
            throw new ConfException(Kind.CONFLICT, "The current memory (" + currentMemoryKiB
                    + " KiB) must be more than 0 and at most the memory (" + memoryKiB + " KiB).");
        }
        Checks.required(vcpu, "The <vcpu> element");
        tuning = tuning == null ? TuningDef.NONE : tuning;
        os = os == null ? OsDef.DEFAULT : os;
        features = features == null ? Features.NONE : features;
        devices = devices == null ? Devices.NONE : devices;
        security = security == null ? SecurityDef.NONE : security;
        qemu = qemu == null ? QemuNamespaceDef.NONE : qemu;
        idmap = idmap == null ? IdMapDef.NONE : idmap;
        sysinfo = Checks.list(sysinfo);
        clock = clock == null ? ClockDef.DEFAULT : clock;
        onPoweroff = onPoweroff == null ? LifecycleAction.DESTROY : onPoweroff;
        onReboot = onReboot == null ? LifecycleAction.RESTART : onReboot;
        onCrash = onCrash == null ? LifecycleAction.DESTROY : onCrash;
        if (os.boot().isEmpty() && !devices.hasBootOrder()) {
            os = os.toBuilder().boot(List.of(OsDef.BootDevice.HD)).build();
        }
        PlatformChecks.check(os, features, devices);
        if (cpu != null && cpu.topology() != null && cpu.topology().total() != vcpu.max()) {
            throw new ConfException(Kind.CONFLICT, "The CPU topology describes " + cpu.topology().total()
                    + " vCPUs, but the maximum vCPU count is " + vcpu.max() + "; they must be equal.");
        }
        if (onPoweroff == LifecycleAction.COREDUMP_DESTROY || onPoweroff == LifecycleAction.COREDUMP_RESTART) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The action '" + onPoweroff.xml() + "' is valid only for <on_crash>, not <on_poweroff>.");
        }
        if (onReboot == LifecycleAction.COREDUMP_DESTROY || onReboot == LifecycleAction.COREDUMP_RESTART) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The action '" + onReboot.xml() + "' is valid only for <on_crash>, not <on_reboot>.");
        }
        DomainChecks.firmwareAndFeatures(type, uuid, sysinfo, os, features, devices);
        if (!os.boot().isEmpty() && devices.hasBootOrder()) {
            throw new ConfException(Kind.CONFLICT,
                    "Per-device <boot order> cannot be combined with <boot dev> inside <os>; use one or the other.");
        }
        List<ConfException> tuningProblems = TuningChecks.problems(
                new TuningChecks.Parts(type, memoryKiB, maxMemory, vcpu, cpu, tuning, devices));
        if (!tuningProblems.isEmpty()) {
            throw ConfException.combine(tuningProblems);
        }
    }

    /** Returns the guest NUMA topology, or null when the guest has none. */
    public NumaDef numa() {
        return cpu == null ? null : cpu.numa();
    }

    /**
     * Checks a domain name: non-empty, at most 200 characters, no '/', no control characters, not '.' or '..'.
     *
     * @param name the name
     * @throws ConfException when the name is not acceptable
     */
    public static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new ConfException(Kind.MISSING_VALUE, "The domain name must not be empty.");
        }
        String shown = Checks.printable(name);
        if (name.length() > MAX_NAME_LENGTH) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The domain name is " + name.length() + " characters long; at most " + MAX_NAME_LENGTH
                            + " are allowed.");
        }
        if (name.contains("/")) {
            throw new ConfException(Kind.INVALID_VALUE, "domain name '" + shown + "' must not contain '/'.");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new ConfException(Kind.INVALID_VALUE, "domain name '" + name + "' is not allowed.");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "domain name '" + shown + "' must not contain control characters.");
        }
    }

    /** Returns the maximum number of vCPUs. */
    public int vcpus() {
        return vcpu.max();
    }

    /** Returns the power-off action (never null; kept for callers of the time it could be). */
    public LifecycleAction effectiveOnPoweroff() {
        return onPoweroff;
    }

    /** Returns the reboot action (never null). */
    public LifecycleAction effectiveOnReboot() {
        return onReboot;
    }

    /** Returns the crash action (never null). */
    public LifecycleAction effectiveOnCrash() {
        return onCrash;
    }

    /** Returns the {@code <sysinfo type='smbios'>} element, or null. */
    public SysinfoDef.Smbios smbiosSysinfo() {
        return sysinfo.stream().filter(s -> s instanceof SysinfoDef.Smbios).map(s -> (SysinfoDef.Smbios) s)
                .findFirst().orElse(null);
    }

    /** Returns a builder holding this definition's parts, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns a copy with another name.
     *
     * @param newName the name
     * @return the copy
     */
    public DomainDef withName(String newName) {
        return toBuilder().name(newName).build();
    }

    /**
     * Returns a copy with another UUID.
     *
     * @param newUuid the UUID
     * @return the copy
     */
    public DomainDef withUuid(UUID newUuid) {
        return toBuilder().uuid(newUuid).build();
    }

    /**
     * Returns a copy with other memory sizes.
     *
     * @param newMemoryKiB the maximum memory in KiB
     * @param newCurrentMemoryKiB the current memory in KiB
     * @return the copy
     */
    public DomainDef withMemoryKiB(long newMemoryKiB, long newCurrentMemoryKiB) {
        return toBuilder().memoryKiB(newMemoryKiB).currentMemoryKiB(newCurrentMemoryKiB).build();
    }

    /**
     * Returns a copy with other vCPU counts.
     *
     * @param newVcpu the vCPU definition
     * @return the copy
     */
    public DomainDef withVcpu(VcpuDef newVcpu) {
        return toBuilder().vcpu(newVcpu).build();
    }

    /**
     * Returns a copy with another OS section.
     *
     * @param newOs the OS definition
     * @return the copy
     */
    public DomainDef withOs(OsDef newOs) {
        return toBuilder().os(newOs).build();
    }

    /**
     * Returns a copy with other devices.
     *
     * @param newDevices the devices
     * @return the copy
     */
    public DomainDef withDevices(Devices newDevices) {
        return toBuilder().devices(newDevices).build();
    }

    /**
     * Collects the parts of a definition; {@link #build()} validates them as the record's
     * constructor does. Start from {@link DomainDef#toBuilder()} to change a copy.
     */
    public static final class Builder {
        private DomainType type;
        private String name;
        private UUID uuid;
        private String title;
        private String description;
        private String metadata;
        private MaxMemoryDef maxMemory;
        private long memoryKiB;
        private long currentMemoryKiB;
        private VcpuDef vcpu;
        private TuningDef tuning;
        private CpuDef cpu;
        private List<SysinfoDef> sysinfo = List.of();
        private OsDef os;
        private Features features;
        private ClockDef clock;
        private LifecycleAction onPoweroff;
        private LifecycleAction onReboot;
        private LifecycleAction onCrash;
        private LockFailureAction onLockFailure;
        private PmDef pm;
        private Devices devices;
        private UUID genid;
        private SecurityDef security;
        private QemuNamespaceDef qemu;
        private IdMapDef idmap;
        private Boolean dumpCore;

        /** Starts an empty builder: type, name, UUID, memory and vCPUs must be set before {@link #build()}. */
        public Builder() {
        }

        private Builder(DomainDef d) {
            type = d.type;
            name = d.name;
            uuid = d.uuid;
            title = d.title;
            description = d.description;
            metadata = d.metadata;
            maxMemory = d.maxMemory;
            memoryKiB = d.memoryKiB;
            currentMemoryKiB = d.currentMemoryKiB;
            vcpu = d.vcpu;
            tuning = d.tuning;
            cpu = d.cpu;
            sysinfo = d.sysinfo;
            os = d.os;
            features = d.features;
            clock = d.clock;
            onPoweroff = d.onPoweroff;
            onReboot = d.onReboot;
            onCrash = d.onCrash;
            onLockFailure = d.onLockFailure;
            pm = d.pm;
            devices = d.devices;
            genid = d.genid;
            security = d.security;
            qemu = d.qemu;
            idmap = d.idmap;
            dumpCore = d.dumpCore;
        }

        /** Sets {@code type}; returns this builder. */
        public Builder type(DomainType value) {
            type = value;
            return this;
        }

        /** Sets {@code name}; returns this builder. */
        public Builder name(String value) {
            name = value;
            return this;
        }

        /** Sets {@code uuid}; returns this builder. */
        public Builder uuid(UUID value) {
            uuid = value;
            return this;
        }

        /** Sets {@code title}; returns this builder. */
        public Builder title(String value) {
            title = value;
            return this;
        }

        /** Sets {@code description}; returns this builder. */
        public Builder description(String value) {
            description = value;
            return this;
        }

        /** Sets {@code metadata}; returns this builder. */
        public Builder metadata(String value) {
            metadata = value;
            return this;
        }

        /** Sets {@code maxMemory}; returns this builder. */
        public Builder maxMemory(MaxMemoryDef value) {
            maxMemory = value;
            return this;
        }

        /** Sets {@code memoryKiB}; returns this builder. */
        public Builder memoryKiB(long value) {
            memoryKiB = value;
            return this;
        }

        /** Sets {@code currentMemoryKiB}; returns this builder. */
        public Builder currentMemoryKiB(long value) {
            currentMemoryKiB = value;
            return this;
        }

        /** Sets {@code vcpu}; returns this builder. */
        public Builder vcpu(VcpuDef value) {
            vcpu = value;
            return this;
        }

        /** Sets {@code tuning}; returns this builder. */
        public Builder tuning(TuningDef value) {
            tuning = value;
            return this;
        }

        /** Sets {@code cpu}; returns this builder. */
        public Builder cpu(CpuDef value) {
            cpu = value;
            return this;
        }

        /** Sets {@code sysinfo}; returns this builder. */
        public Builder sysinfo(List<SysinfoDef> value) {
            sysinfo = value;
            return this;
        }

        /** Sets {@code os}; returns this builder. */
        public Builder os(OsDef value) {
            os = value;
            return this;
        }

        /** Sets {@code features}; returns this builder. */
        public Builder features(Features value) {
            features = value;
            return this;
        }

        /** Sets {@code clock}; returns this builder. */
        public Builder clock(ClockDef value) {
            clock = value;
            return this;
        }

        /** Sets {@code onPoweroff}; returns this builder. */
        public Builder onPoweroff(LifecycleAction value) {
            onPoweroff = value;
            return this;
        }

        /** Sets {@code onReboot}; returns this builder. */
        public Builder onReboot(LifecycleAction value) {
            onReboot = value;
            return this;
        }

        /** Sets {@code onCrash}; returns this builder. */
        public Builder onCrash(LifecycleAction value) {
            onCrash = value;
            return this;
        }

        /** Sets {@code onLockFailure}; returns this builder. */
        public Builder onLockFailure(LockFailureAction value) {
            onLockFailure = value;
            return this;
        }

        /** Sets {@code pm}; returns this builder. */
        public Builder pm(PmDef value) {
            pm = value;
            return this;
        }

        /** Sets {@code devices}; returns this builder. */
        public Builder devices(Devices value) {
            devices = value;
            return this;
        }

        /** Sets {@code genid}; returns this builder. */
        public Builder genid(UUID value) {
            genid = value;
            return this;
        }

        /** Sets {@code security}; returns this builder. */
        public Builder security(SecurityDef value) {
            security = value;
            return this;
        }

        /** Sets {@code qemu}; returns this builder. */
        public Builder qemu(QemuNamespaceDef value) {
            qemu = value;
            return this;
        }

        /** Sets {@code idmap}; returns this builder. */
        public Builder idmap(IdMapDef value) {
            idmap = value;
            return this;
        }

        /** Sets {@code dumpCore}; returns this builder. */
        public Builder dumpCore(Boolean value) {
            dumpCore = value;
            return this;
        }

        /** Returns the validated definition. */
        public DomainDef build() {
            return new DomainDef(type, name, uuid, title, description, metadata, maxMemory, memoryKiB, currentMemoryKiB,
                    vcpu, tuning, cpu, sysinfo, os, features, clock, onPoweroff, onReboot, onCrash, onLockFailure, pm,
                    devices, genid, security, qemu, idmap, dumpCore);
        }
    }
}
