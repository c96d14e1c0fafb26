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
        String name = problems.attempt(() -> name(d.requireChild("name")));
        boolean uuidGiven = !d.children("uuid").isEmpty();
        UUID uuid = problems.attempt(() -> CommonXml.uuid(d.child("uuid"), random));
        String title = problems.attempt(() -> d.childText("title"));
        String description = problems.attempt(() -> d.childText("description"));
        String metadata = problems.attempt(() -> CommonXml.metadata(d.child("metadata")));
        long[] memory = problems.attempt(() -> memories(d));
        // libvirt gives a domain without <vcpu> one vCPU
        VcpuDef vcpu = section(d, "vcpu", DomainParser::vcpu, VcpuDef.ONE);
        List<SysinfoDef> sysinfo = new ArrayList<>();
        for (XmlCursor s : d.children("sysinfo")) {
            sysinfo.add(s.read(SysinfoParser::sysinfo));
        }
        OsDef os = problems.attempt(() -> d.requireChild("os").read(OsParser::os));
        Features features = section(d, "features", FeaturesParser::features, Features.NONE);
        CpuDef cpu = section(d, "cpu", DomainParser::cpu, null);
        ClockDef clock = section(d, "clock", ClockParser::clock, null);
        LifecycleAction onPoweroff = section(d, "on_poweroff", c -> action(c, LifecycleAction.class), null);
        LifecycleAction onReboot = section(d, "on_reboot", c -> action(c, LifecycleAction.class), null);
        LifecycleAction onCrash = section(d, "on_crash", c -> action(c, LifecycleAction.class), null);
        LockFailureAction onLockFailure = section(d, "on_lockfailure", c -> action(c, LockFailureAction.class),
                null);
        PmDef pm = section(d, "pm", DomainParser::pm, null);
        Devices devices = section(d, "devices", new DeviceParser(random)::devices, Devices.NONE);
        d.finish();
        problems.throwIfAny();
        UUID domainUuid = uuidGiven ? uuid : systemUuid(sysinfo, uuid);
        DomainDef.Builder b = new DomainDef.Builder().type(type).name(name).uuid(domainUuid).title(title)
                .description(description).metadata(metadata).memoryKiB(memory[0]).currentMemoryKiB(memory[1])
                .vcpu(vcpu).cpu(cpu).sysinfo(sysinfo).os(os).features(features).clock(clock).onPoweroff(onPoweroff)
                .onReboot(onReboot).onCrash(onCrash).onLockFailure(onLockFailure).pm(pm).devices(devices);
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

    /** Returns the memory and the current memory, in KiB. */
    private static long[] memories(XmlCursor d) {
        XmlCursor memEl = d.requireChild("memory");
        long memory = memory(memEl);
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
        return new long[] {memory, current};
    }

    private static long memory(XmlCursor c) {
        String unit = c.attr("unit");
        String text = c.requireText();
        c.finish();
        return c.build(() -> MemoryUnits.toKiB(text, unit));
    }

    private static VcpuDef vcpu(XmlCursor c) {
        Integer current = c.intAttr("current", VcpuDef.MAX_VCPUS);
        VcpuDef.Placement placement = c.enumAttr("placement", VcpuDef.Placement.class);
        long max = c.longText(VcpuDef.MAX_VCPUS);
        c.finish();
        return c.build(() -> new VcpuDef((int) max, current, placement));
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

    private static CpuDef cpu(XmlCursor c) {
        if (c == null) {
            return null;
        }
        CpuDef.Mode mode = c.enumAttr("mode", CpuDef.Mode.class);
        CpuDef.Match match = c.enumAttr("match", CpuDef.Match.class);
        CpuDef.Check check = c.enumAttr("check", CpuDef.Check.class);
        Boolean migratable = c.onOffAttr("migratable");
        CpuDef.Model model = null;
        XmlCursor m = c.child("model");
        if (m != null) {
            CpuDef.Fallback fallback = m.enumAttr("fallback", CpuDef.Fallback.class);
            String name = m.requireText();
            m.finish();
            model = m.build(() -> new CpuDef.Model(name, fallback));
        }
        CpuDef.Topology topology = null;
        XmlCursor t = c.child("topology");
        if (t != null) {
            int sockets = requireCount(t, "sockets");
            Integer dies = t.intAttr("dies", VcpuDef.MAX_VCPUS);
            int cores = requireCount(t, "cores");
            int threads = requireCount(t, "threads");
            t.finish();
            topology = t.build(() -> new CpuDef.Topology(sockets, dies == null ? 1 : dies, cores, threads));
        }
        List<CpuDef.Feature> features = new ArrayList<>();
        for (XmlCursor f : c.children("feature")) {
            CpuDef.Policy policy = f.requireEnumAttr("policy", CpuDef.Policy.class);
            String name = f.requireAttr("name");
            f.finish();
            features.add(f.build(() -> new CpuDef.Feature(policy, name)));
        }
        c.finish();
        CpuDef.Mode effectiveMode = mode == null ? CpuDef.Mode.CUSTOM : mode;
        CpuDef.Model fm = model;
        CpuDef.Topology ft = topology;
        return c.build(() -> new CpuDef(effectiveMode, match, check, migratable, fm, ft, features));
    }

    private static int requireCount(XmlCursor c, String attr) {
        c.requireAttr(attr);
        return c.intAttr(attr, VcpuDef.MAX_VCPUS);
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
