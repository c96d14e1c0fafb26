package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlElement;
import io.jvirt.conf.xml.XmlEnum;
import io.jvirt.conf.xml.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/** Maps a {@code <domain>} element tree to a {@link DomainDef}; devices are handled by {@link DeviceParser}. */
final class DomainParser {

    private final RandomGenerator random;

    DomainParser(RandomGenerator random) {
        this.random = random;
    }

    /**
     * Reads a domain; every problem found goes to the cursor's sink, and the parts after a
     * failed one are still read, so that a collecting sink sees them all.
     */
    DomainDef parse(XmlElement root, Problems problems) {
        XmlCursor d = new XmlCursor(root, problems);
        if (!d.name().equals("domain")) {
            throw d.error(Kind.UNKNOWN_ELEMENT,
                    "the root element is <" + d.name() + ">, but a domain definition must start with <domain>.");
        }
        DomainType type = problems.attempt(() -> d.requireEnumAttr("type", DomainType.class));
        // a running domain's id: libvirt ignores it when it defines, the inactive definition has none
        d.attr("id");
        String name = problems.attempt(() -> name(d.requireChild("name")));
        boolean uuidGiven = !d.children("uuid").isEmpty();
        UUID uuid = problems.attempt(() -> CommonXml.uuid(d.child("uuid"), random));
        UUID genid = problems.attempt(() -> genid(d.child("genid")));
        String title = problems.attempt(() -> d.childText("title"));
        String description = problems.attempt(() -> d.childText("description"));
        String metadata = problems.attempt(() -> CommonXml.metadata(d.child("metadata")));
        MaxMemoryDef maxMemory = section(d, "maxMemory", TuningParser::maxMemory, null);
        CpuDef cpu = section(d, "cpu", CpuParser::cpu, null);
        Memory memory = problems.attempt(() -> memories(d, cpu == null ? null : cpu.numa()));
        // libvirt gives a domain without <vcpu> one vCPU
        VcpuDef vcpu = problems.attempt(() -> TuningParser.vcpu(d));
        TuningDef tuning = TuningParser.tuning(d);
        List<SysinfoDef> sysinfo = new ArrayList<>();
        for (XmlCursor s : d.children("sysinfo")) {
            sysinfo.add(s.read(SysinfoParser::sysinfo));
        }
        OsDef os = problems.attempt(() -> d.requireChild("os").read(OsParser::os));
        Features features = section(d, "features", FeaturesParser::features, Features.NONE);
        ClockDef clock = section(d, "clock", ClockParser::clock, null);
        LifecycleAction onPoweroff = section(d, "on_poweroff", c -> action(c, LifecycleAction.class), null);
        LifecycleAction onReboot = section(d, "on_reboot", c -> action(c, LifecycleAction.class), null);
        LifecycleAction onCrash = section(d, "on_crash", c -> action(c, LifecycleAction.class), null);
        LockFailureAction onLockFailure = section(d, "on_lockfailure", c -> action(c, LockFailureAction.class),
                null);
        PmDef pm = section(d, "pm", DomainParser::pm, null);
        Devices devices = section(d, "devices", new DeviceParser(random)::devices, Devices.NONE);
        SecurityDef security = problems.attempt(() -> SecurityXml.read(d));
        QemuNamespaceDef qemu = problems.attempt(() -> QemuNamespaceXml.read(d));
        IdMapDef idmap = problems.attempt(() -> SecurityXml.idmap(d));
        d.finish();
        problems.throwIfAny();
        UUID domainUuid = uuidGiven ? uuid : systemUuid(sysinfo, uuid);
        DomainDef.Builder b = new DomainDef.Builder().type(type).name(name).uuid(domainUuid).title(title)
                .description(description).metadata(metadata).maxMemory(maxMemory).memoryKiB(memory.kib())
                .currentMemoryKiB(memory.currentKiB()).vcpu(vcpu).tuning(tuning).cpu(cpu).sysinfo(sysinfo).os(os)
                .features(features).clock(clock).onPoweroff(onPoweroff).onReboot(onReboot).onCrash(onCrash)
                .onLockFailure(onLockFailure).pm(pm).devices(devices).genid(genid).security(security).qemu(qemu)
                .idmap(idmap).dumpCore(memory.dumpCore());
        return d.build(b::build);
    }

    /**
     * Reads an optional child with {@code reader}: {@code absent} when there is none, null
     * when reading failed (the problem is reported).
     */
    private static <T> T section(XmlCursor d, String name, Function<XmlCursor, T> reader, T absent) {
        XmlCursor c = d.problems().attempt(() -> d.child(name));
        return c == null ? absent : c.read(reader);
    }

    /** An empty {@code <genid/>} asks for a generated id, as libvirt makes one at define. */
    private UUID genid(XmlCursor c) {
        if (c == null) {
            return null;
        }
        String text = c.text();
        c.finish();
        if (text == null) {
            return CommonXml.randomUuid(random);
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw c.error(Kind.INVALID_VALUE, "The <genid> '" + text + "' is not a UUID.");
        }
    }

    private static String name(XmlCursor nameEl) {
        String name = nameEl.text();
        nameEl.finish();
        if (name == null) {
            throw nameEl.error(Kind.MISSING_VALUE, "The domain name must not be empty.");
        }
        return nameEl.build(() -> {
            DomainDef.validateName(name);
            return name;
        });
    }

    /**
     * The memory and the current memory in KiB, and the {@code dumpCore} switch of {@code <memory>}.
     */
    private record Memory(long kib, long currentKiB, Boolean dumpCore) {
    }

    /**
     * Returns the memory and the current memory, in KiB; without {@code <memory>}, the memory is
     * the sum of the guest NUMA cells', as libvirt takes it.
     */
    private static Memory memories(XmlCursor d, NumaDef numa) {
        XmlCursor memEl = numa == null ? d.requireChild("memory") : d.child("memory");
        Boolean dumpCore = memEl == null ? null : memEl.onOffAttr("dumpCore");
        long memory = memEl == null ? numa.memoryKiB() : memory(memEl);
        XmlCursor curEl = d.child("currentMemory");
        long current = curEl == null ? memory : memory(curEl);
        if (memory == 0) {
            throw memEl.error(Kind.INVALID_VALUE, "The domain memory must be more than 0.");
        }
        if (current == 0) {
            current = memory;
        }
        if (current > memory) {
            throw curEl.error(Kind.CONFLICT, "The current memory (" + current
                    + " KiB) must not be more than the memory (" + memory + " KiB).");
        }
        return new Memory(memory, current, dumpCore);
    }

    private static long memory(XmlCursor c) {
        String unit = c.attr("unit");
        String text = c.requireText();
        c.finish();
        return c.build(() -> MemoryUnits.toKiB(text, unit));
    }


    private static PmDef pm(XmlCursor c) {
        if (c == null) {
            return null;
        }
        Boolean mem = enabled(c.child("suspend-to-mem"));
        Boolean disk = enabled(c.child("suspend-to-disk"));
        c.finish();
        return new PmDef(mem, disk);
    }

    private static Boolean enabled(XmlCursor c) {
        if (c == null) {
            return null;
        }
        c.requireAttr("enabled");
        Boolean enabled = c.yesNoAttr("enabled");
        c.finish();
        return enabled;
    }



    /**
     * The domain UUID libvirt uses when the document has no {@code <uuid>}: the sysinfo system
     * uuid when there is one, else the generated one.
     */
    private static UUID systemUuid(List<SysinfoDef> sysinfo, UUID generated) {
        for (SysinfoDef s : sysinfo) {
            if (s instanceof SysinfoDef.Smbios sm && sm.systemUuid() != null) {
                return DomainChecks.parseUuid(sm.systemUuid());
            }
        }
        return generated;
    }

    private static <E extends Enum<E> & XmlEnum> E action(XmlCursor c, Class<E> type) {
        String text = c.requireText();
        c.finish();
        E a = XmlEnum.fromXml(type, text);
        if (a == null) {
            throw c.error(Kind.INVALID_VALUE, "<" + c.name() + "> has the invalid value '" + text
                    + "'; expected one of " + XmlEnum.allowed(type) + ".");
        }
        return a;
    }
}
