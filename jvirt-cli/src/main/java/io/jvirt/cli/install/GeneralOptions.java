package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.List;
import java.util.Set;

/**
 * Reads the options about the machine as a whole into a {@link GuestSpec}: {@code --memory},
 * {@code --vcpus}, {@code --cpu}, {@code --metadata}, {@code --features}, {@code --clock},
 * {@code --events}, {@code --boot}; all problems go to one {@link Problems}.
 */
final class GeneralOptions {
    private static final long MIB_KIB = 1024;

    private GeneralOptions() {
    }

    /**
     * {@code --memory 2048} or {@code memory=,currentMemory=,maxMemory=,maxMemory.slots=} (and the older
     * {@code maxmemory=,hotplugmemorymax=,hotplugmemoryslots=}), in MiB.
     */
    static void memory(GuestSpec g, String text, Problems p) {
        SubOptions o = SubOptions.parse("--memory", text);
        // virt-install 4.1's maxMemory= and maxMemory.slots= (the hotplug maximum), told apart by case from the
        // older maxmemory= (the memory size)
        Long newMax = number(o, p, o.getExact("maxMemory"));
        Long newSlots = number(o, p, o.getExact("maxMemory.slots"));
        Long mem = number(o, p, o.bare());
        Long m2 = o.number(p, 1, Long.MAX_VALUE / MIB_KIB, "memory");
        mem = m2 != null ? m2 : mem;
        Long current = o.number(p, 1, Long.MAX_VALUE / MIB_KIB, "currentmemory");
        Long max = o.number(p, 1, Long.MAX_VALUE / MIB_KIB, "maxmemory");
        Long hotMax = o.number(p, 1, Long.MAX_VALUE / MIB_KIB, "hotplugmemorymax");
        Long slots = o.number(p, 1, 255, "hotplugmemoryslots");
        hotMax = newMax != null ? newMax : hotMax;
        slots = newSlots != null ? newSlots : slots;
        o.reportUnused(p);
        if (mem == null && current == null && max == null) {
            p.bad("--memory needs a size in MiB, such as --memory 2048.");
            return;
        }
        long base = mem != null ? mem : current != null ? current : max;
        g.memoryKiB = (max != null ? max : base) * MIB_KIB;
        g.currentMemoryKiB = (current != null ? current : base) * MIB_KIB;
        if (hotMax != null) {
            g.maxMemory = XmlOut.element("maxMemory").attr("slots", slots == null ? 16 : slots)
                    .text(Long.toString(hotMax * MIB_KIB));
        }
    }

    private static Long number(SubOptions o, Problems p, String bare) {
        if (bare == null) {
            return null;
        }
        try {
            long v = Long.parseLong(bare.strip());
            if (v <= 0) {
                p.bad(o.option() + " " + bare + " is not a positive size in MiB.");
                return null;
            }
            return v;
        } catch (NumberFormatException e) {
            p.bad(o.option() + " '" + bare + "' is not a size in MiB; give a whole number such as 2048.");
            return null;
        }
    }

    /** {@code --vcpus N,maxvcpus=,sockets=,dies=,cores=,threads=,cpuset=}. */
    static void vcpus(GuestSpec g, String text, Problems p) {
        SubOptions o = SubOptions.parse("--vcpus", text);
        String bare = o.bare();
        Long count = null;
        if (bare != null) {
            try {
                count = Long.parseLong(bare);
            } catch (NumberFormatException e) {
                p.bad("--vcpus '" + bare + "' is not a vCPU count; give a whole number such as 2.");
            }
        }
        Long v2 = o.number(p, 1, 4096, "vcpus");
        count = v2 != null ? v2 : count;
        Long max = o.number(p, 1, 4096, "maxvcpus");
        Long sockets = o.number(p, 1, 4096, "sockets");
        Long dies = o.number(p, 1, 4096, "dies");
        Long cores = o.number(p, 1, 4096, "cores");
        Long threads = o.number(p, 1, 4096, "threads");
        g.cpuset = o.get("cpuset");
        g.placement = o.oneOf(p, java.util.Set.of("static", "auto"), "placement");
        o.reportUnused(p);
        boolean topo = sockets != null || dies != null || cores != null || threads != null;
        long total;
        if (topo) {
            long d = dies == null ? 1 : dies;
            long c = cores == null ? 1 : cores;
            long t = threads == null ? 1 : threads;
            long limit = max != null ? max : count != null ? count : 0;
            long s = sockets != null ? sockets : limit > 0 ? Math.max(1, limit / (d * c * t)) : 1;
            if (cores == null && limit > 0 && sockets != null) {
                c = Math.max(1, limit / (s * d * t));
            }
            total = s * d * c * t;
            g.topology = XmlOut.element("topology").attr("sockets", s).attr("dies", dies).attr("cores", c)
                    .attr("threads", t);
        } else {
            total = max != null ? max : count != null ? count : 1;
        }
        if (max != null && count != null && count < max) {
            g.vcpusCurrent = count.intValue();
        }
        g.vcpus = (int) (max != null ? max : topo ? total : count != null ? count : 1);
        if (topo && g.vcpus != total) {
            p.bad("--vcpus gives a topology of " + total + " vCPUs but a maximum of " + g.vcpus
                    + "; make sockets×dies×cores×threads equal the maximum.");
        }
    }

    /**
     * {@code --cpu MODEL|host-passthrough|host-model|host,+feat,-feat,require=,disable=,match=,check=,
     * cellN.cpus=,cellN.memory=,...}.
     */
    static void cpu(GuestSpec g, String text, Problems p) {
        SubOptions o = SubOptions.parse("--cpu", text);
        String model = o.get("model");
        String bare = o.bare();
        model = model != null ? model : bare;
        XmlOut cpu = XmlOut.element("cpu");
        String mode = o.get("mode");
        if ("host-passthrough".equals(model) || "host".equals(model) || "host-model".equals(model)
                || "maximum".equals(model)) {
            mode = model.equals("host") ? "host-passthrough" : model;
            model = null;
        }
        String check = o.oneOf(p, Set.of("none", "partial", "full"), "check");
        String match = o.oneOf(p, Set.of("exact", "minimum", "strict"), "match");
        String migratable = o.get("migratable");
        if (mode != null) {
            cpu.attr("mode", mode);
        } else if (model != null) {
            cpu.attr("mode", "custom").attr("match", match == null ? "exact" : match);
            match = null;
        }
        cpu.attr("match", match).attr("check", check);
        if (migratable != null) {
            Boolean m = SubOptions.parse("--cpu", "m=" + migratable).bool(p, "m");
            cpu.onOff("migratable", m);
        }
        if (model != null) {
            cpu.textChild("model", model);
        }
        String cache = o.get("cache.mode");
        if (cache != null) {
            cpu.child(XmlOut.element("cache").attr("mode", cache));
        }
        List<String> plus = new java.util.ArrayList<>();
        List<String> minus = new java.util.ArrayList<>();
        for (String f : o.bares()) {
            if (f.startsWith("+")) {
                plus.add(f.substring(1));
            } else if (f.startsWith("-")) {
                minus.add(f.substring(1));
            } else {
                p.bad("--cpu '" + f + "' is neither a model nor a +feature or -feature.");
            }
        }
        // virt-install writes the features policy by policy, the named ones before +/- shorthands
        for (String policy : List.of("force", "require", "optional", "disable", "forbid")) {
            String v = o.get(policy);
            if (v != null) {
                cpu.child(XmlOut.element("feature").attr("policy", policy).attr("name", v));
            }
            for (String f : policy.equals("force") ? plus : policy.equals("disable") ? minus : List.<String>of()) {
                cpu.child(XmlOut.element("feature").attr("policy", policy).attr("name", f));
            }
        }
        // NUMA cells: cellN.id=,cellN.cpus=,cellN.memory= (KiB),cellN.unit=,cellN.memAccess=,cellN.discard=
        XmlOut numa = XmlOut.element("numa");
        for (int i = 0; i < 64; i++) {
            String k = "cell" + i + ".";
            XmlOut cell = XmlOut.element("cell").attr("id", o.get(k + "id")).attr("cpus", o.get(k + "cpus"))
                    .attr("memory", o.get(k + "memory")).attr("unit", o.get(k + "unit"))
                    .attr("memAccess", o.get(k + "memaccess")).attr("discard", o.get(k + "discard"));
            numa.child(cell.isEmpty() ? null : cell);
        }
        cpu.child(numa.isEmpty() ? null : numa);
        o.reportUnused(p);
        g.cpu = cpu;
    }

    /** {@code --metadata title=,description=,uuid=,genid_enable=}. */
    static void metadata(GuestSpec g, String text, Problems p) {
        SubOptions o = SubOptions.parse("--metadata", text);
        String t = o.get("title");
        g.title = t != null ? t : g.title;
        String d = o.get("description");
        g.description = d != null ? d : g.description;
        String u = o.get("uuid");
        if (u != null) {
            try {
                g.uuid = java.util.UUID.fromString(u);
            } catch (IllegalArgumentException e) {
                p.bad("--metadata uuid '" + u + "' is not a UUID.");
            }
        }
        String n = o.get("name");
        g.name = n != null ? n : g.name;
        Boolean genid = o.bool(p, "genid_enable");
        if (genid != null) {
            g.genid = genid;
        }
        o.reportUnused(p);
    }

    /** {@code --features acpi.state=off,apic.state=on,vmport.state=off,pmu.state=,smm.state=,kvm.hidden.state=,hyperv.X.state=}. */
    static void features(GuestSpec g, String text, Problems p) {
        SubOptions o = SubOptions.parse("--features", text);
        for (String f : List.of("acpi", "apic", "pae")) {
            Boolean b = o.bool(p, f, f + ".state");
            if (Boolean.FALSE.equals(b)) {
                g.features.remove(f);
                g.featuresOff.add(f);
            } else if (Boolean.TRUE.equals(b)) {
                g.features.put(f, XmlOut.element(f));
            }
        }
        Boolean hidden = o.bool(p, "kvm.hidden.state", "kvm_hidden");
        if (hidden != null) {
            g.features.put("kvm", XmlOut.element("kvm").child(XmlOut.element("hidden").onOff("state", hidden)));
        }
        for (String h : List.of("relaxed", "vapic", "spinlocks", "synic", "reset", "vpindex")) {
            Boolean b = o.bool(p, "hyperv." + h + ".state", "hyperv_" + h);
            if (b != null) {
                XmlOut e = XmlOut.element(h).onOff("state", b);
                if (h.equals("spinlocks")) {
                    e.attr("retries", o.number(p, 4095, Integer.MAX_VALUE, "hyperv.spinlocks.retries",
                            "hyperv_spinlocks_retries"));
                }
                g.hyperv.put(h, e);
            }
        }
        for (String f : List.of("vmport", "pmu", "smm")) {
            Boolean b = o.bool(p, f + ".state", f);
            if (b != null) {
                g.features.put(f, XmlOut.element(f).onOff("state", b));
                if (f.equals("vmport")) {
                    g.vmportGiven = true;
                }
            }
        }
        String ioapic = o.get("ioapic.driver");
        if (ioapic != null) {
            g.features.put("ioapic", XmlOut.element("ioapic").attr("driver", ioapic));
        }
        o.reportUnused(p);
    }

    /** {@code --clock offset=,TIMER_present=,TIMER_tickpolicy=}. */
    static void clock(GuestSpec g, String text, Problems p) {
        SubOptions o = SubOptions.parse("--clock", text);
        g.clockOffset = o.oneOf(p, Set.of("utc", "localtime", "timezone", "variable", "absolute"), "offset");
        for (String t : List.of("rtc", "pit", "hpet", "kvmclock", "hypervclock", "tsc", "platform")) {
            String policy = o.get(t + "_tickpolicy", "timer." + t + ".tickpolicy");
            Boolean present = o.bool(p, t + "_present", "timer." + t + ".present");
            if (policy != null || present != null) {
                g.timers.add(XmlOut.element("timer").attr("name", t).attr("tickpolicy", policy)
                        .yesNo("present", present));
            }
        }
        o.reportUnused(p);
    }

    /** {@code --events on_poweroff=,on_reboot=,on_crash=,on_lockfailure=}. */
    static void events(GuestSpec g, String text, Problems p) {
        SubOptions o = SubOptions.parse("--events", text);
        Set<String> actions = Set.of("destroy", "restart", "preserve", "rename-restart", "coredump-destroy",
                "coredump-restart");
        for (String e : List.of("on_poweroff", "on_reboot", "on_crash")) {
            String v = o.oneOf(p, actions, e);
            if (v != null) {
                g.events.put(e, v);
            }
        }
        String lf = o.oneOf(p, Set.of("poweroff", "restart", "pause", "ignore"), "on_lockfailure");
        if (lf != null) {
            g.events.put("on_lockfailure", lf);
        }
        o.reportUnused(p);
    }
}
