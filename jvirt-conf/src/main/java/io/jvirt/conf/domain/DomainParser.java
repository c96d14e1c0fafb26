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
        UUID uuid = problems.attempt(() -> CommonXml.uuid(d.child("uuid"), random));
        UUID genid = problems.attempt(() -> genid(d.child("genid")));
        String title = problems.attempt(() -> d.childText("title"));
        String description = problems.attempt(() -> d.childText("description"));
        String metadata = problems.attempt(() -> CommonXml.metadata(d.child("metadata")));
        MaxMemoryDef maxMemory = section(d, "maxMemory", TuningParser::maxMemory, null);
        CpuDef cpu = section(d, "cpu", CpuParser::cpu, null);
        long[] memory = problems.attempt(() -> memories(d, cpu == null ? null : cpu.numa()));
        // libvirt gives a domain without <vcpu> one vCPU
        VcpuDef vcpu = problems.attempt(() -> TuningParser.vcpu(d));
        TuningDef tuning = TuningParser.tuning(d);
        OsDef os = problems.attempt(() -> d.requireChild("os").read(DomainParser::os));
        Features features = section(d, "features", DomainParser::features, Features.NONE);
        ClockDef clock = section(d, "clock", DomainParser::clock, null);
        LifecycleAction onPoweroff = section(d, "on_poweroff", DomainParser::lifecycle, null);
        LifecycleAction onReboot = section(d, "on_reboot", DomainParser::lifecycle, null);
        LifecycleAction onCrash = section(d, "on_crash", DomainParser::lifecycle, null);
        PmDef pm = section(d, "pm", DomainParser::pm, null);
        Devices devices = section(d, "devices", new DeviceParser(random)::devices, Devices.NONE);
        SecurityDef security = problems.attempt(() -> SecurityXml.read(d));
        QemuNamespaceDef qemu = problems.attempt(() -> QemuNamespaceXml.read(d));
        d.finish();
        problems.throwIfAny();
        DomainDef.Builder b = new DomainDef.Builder().type(type).name(name).uuid(uuid).title(title)
                .description(description).metadata(metadata).maxMemory(maxMemory).memoryKiB(memory[0])
                .currentMemoryKiB(memory[1]).vcpu(vcpu).tuning(tuning).cpu(cpu).os(os).features(features).clock(clock)
                .onPoweroff(onPoweroff).onReboot(onReboot).onCrash(onCrash).pm(pm).devices(devices).genid(genid)
                .security(security).qemu(qemu);
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
     * Returns the memory and the current memory, in KiB; without {@code <memory>}, the memory is
     * the sum of the guest NUMA cells', as libvirt takes it.
     */
    private static long[] memories(XmlCursor d, NumaDef numa) {
        XmlCursor memEl = numa == null ? d.requireChild("memory") : d.child("memory");
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
        return new long[] {memory, current};
    }

    private static long memory(XmlCursor c) {
        String unit = c.attr("unit");
        String text = c.requireText();
        c.finish();
        return c.build(() -> MemoryUnits.toKiB(text, unit));
    }


    private static OsDef os(XmlCursor c) {
        if (c.attr("firmware") != null) {
            throw c.error(Kind.UNKNOWN_ATTRIBUTE, "automatic firmware selection (<os firmware>) is not supported; "
                    + "name the firmware with <loader> and <nvram> instead.");
        }
        XmlCursor typeEl = c.requireChild("type");
        String osType = typeEl.requireText();
        if (!osType.equals("hvm")) {
            throw typeEl.error(Kind.INVALID_VALUE,
                    "The OS type '" + osType + "' is not supported; QEMU guests use 'hvm'.");
        }
        String arch = typeEl.attr("arch");
        String machine = typeEl.attr("machine");
        typeEl.finish();
        List<OsDef.BootDevice> boot = new ArrayList<>();
        for (XmlCursor b : c.children("boot")) {
            boot.add(b.requireEnumAttr("dev", OsDef.BootDevice.class));
            b.finish();
        }
        OsDef.BootMenu bootMenu = null;
        XmlCursor bm = c.child("bootmenu");
        if (bm != null) {
            Boolean enable = bm.yesNoAttr("enable");
            Integer timeout = bm.intAttr("timeout", 65535);
            bm.finish();
            if (enable == null) {
                throw bm.error(Kind.MISSING_VALUE, "<bootmenu> is missing the required attribute 'enable'.");
            }
            bootMenu = bm.build(() -> new OsDef.BootMenu(enable, timeout));
        }
        OsDef.Loader loader = null;
        XmlCursor l = c.child("loader");
        if (l != null) {
            Boolean readonly = l.yesNoAttr("readonly");
            OsDef.Loader.Type type = l.enumAttr("type", OsDef.Loader.Type.class);
            Boolean secure = l.yesNoAttr("secure");
            String path = l.requireText();
            l.finish();
            loader = l.build(() -> new OsDef.Loader(path, readonly, type, secure));
        }
        OsDef.Nvram nvram = null;
        XmlCursor n = c.child("nvram");
        if (n != null) {
            String template = n.attr("template");
            String path = n.requireText();
            n.finish();
            nvram = n.build(() -> new OsDef.Nvram(path, template));
        }
        String kernel = c.childText("kernel");
        String initrd = c.childText("initrd");
        String cmdline = c.childText("cmdline");
        c.finish();
        OsDef.BootMenu fbm = bootMenu;
        OsDef.Loader fl = loader;
        OsDef.Nvram fn = nvram;
        return c.build(() -> new OsDef(arch, machine, boot, fbm, fl, fn, kernel, initrd, cmdline));
    }

    private static Features features(XmlCursor c) {
        if (c == null) {
            return Features.NONE;
        }
        boolean acpi = c.flag("acpi");
        boolean apic = c.flag("apic");
        boolean pae = c.flag("pae");
        Boolean vmport = state(c.child("vmport"));
        Boolean smm = state(c.child("smm"));
        c.finish();
        return new Features(acpi, apic, pae, vmport, smm);
    }

    private static Boolean state(XmlCursor c) {
        if (c == null) {
            return null;
        }
        c.requireAttr("state");
        Boolean state = c.onOffAttr("state");
        c.finish();
        return state;
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



    private static ClockDef clock(XmlCursor c) {
        if (c == null) {
            return null;
        }
        ClockDef.Offset offset = c.requireEnumAttr("offset", ClockDef.Offset.class);
        List<ClockDef.Timer> timers = new ArrayList<>();
        for (XmlCursor t : c.children("timer")) {
            ClockDef.TimerName name = t.requireEnumAttr("name", ClockDef.TimerName.class);
            ClockDef.TickPolicy policy = t.enumAttr("tickpolicy", ClockDef.TickPolicy.class);
            Boolean present = t.yesNoAttr("present");
            t.finish();
            timers.add(t.build(() -> new ClockDef.Timer(name, policy, present)));
        }
        c.finish();
        return c.build(() -> new ClockDef(offset, timers));
    }

    private static LifecycleAction lifecycle(XmlCursor c) {
        if (c == null) {
            return null;
        }
        String text = c.requireText();
        c.finish();
        LifecycleAction a = XmlEnum.fromXml(LifecycleAction.class, text);
        if (a == null) {
            throw c.error(Kind.INVALID_VALUE, "<" + c.name() + "> has the invalid value '" + text
                    + "'; expected one of " + XmlEnum.allowed(LifecycleAction.class) + ".");
        }
        return a;
    }
}
