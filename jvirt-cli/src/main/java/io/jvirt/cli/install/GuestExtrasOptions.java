package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the guest-wide options that reach below the devices into a {@link GuestSpec}:
 * {@code --sysinfo} (SMBIOS strings or the host's), {@code --memorybacking} (hugepages, shared
 * memory) and {@code --qemu-commandline} (arguments and environment for QEMU, in libvirt's
 * {@code qemu} namespace), with virt-install's forms; and the shared memory a virtiofs share needs.
 */
final class GuestExtrasOptions {
    private static final String QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final SubKey.YesNo HUGEPAGES = SubKey.yesNo("hugepages");
    private static final SubKey.YesNo NOSHAREPAGES = SubKey.yesNo("nosharepages");
    private static final SubKey.YesNo LOCKED = SubKey.yesNo("locked");
    private static final SubKey.Choice SOURCE = SubKey.oneOf(Set.of("file", "anonymous", "memfd"), "source.type",
            "source_type");
    private static final SubKey.Choice ACCESS = SubKey.oneOf(Set.of("shared", "private"), "access.mode",
            "access_mode");
    private static final SubKey.YesNo DISCARD = SubKey.yesNo("discard");
    private static final SubKey.Choice ALLOCATION_MODE = SubKey.oneOf(Set.of("immediate", "ondemand"),
            "allocation.mode");
    private static final SubKey.Number ALLOCATION_THREADS = SubKey.number(1, 1024, "allocation.threads");

    private final GuestSpec g;
    private final Problems p;
    private final List<String> notes;
    private final List<XmlOut> qemuArgs = new ArrayList<>();
    private final List<XmlOut> qemuEnvs = new ArrayList<>();
    private boolean sharedMemory;
    private boolean privateMemory;
    private boolean backingSource;

    GuestExtrasOptions(GuestSpec g, Problems p, List<String> notes) {
        this.g = g;
        this.p = p;
        this.notes = notes;
    }

    /**
     * {@code --sysinfo host|emulate}, {@code --sysinfo [smbios,]bios.vendor=,system.serial=,...,
     * oemStrings.entryN=} or {@code --sysinfo fwcfg,entryN.name=,entryN=|entryN.file=}.
     */
    void sysinfo(String text) {
        SubTable.read("--sysinfo", text, p, o -> sysinfo(o, o.main("smbios", "type")));
    }

    private void sysinfo(SubOptions o, String type) {
        switch (type) {
            case "host", "emulate" -> g.smbiosMode = type;
            case "smbios" -> {
                g.smbiosMode = "sysinfo";
                g.sysinfo.useSmbios();
                SmbiosTables.FIELDS.forEach((block, fields) -> fields.forEach(field -> {
                    String v = o.get((block + "." + field).toLowerCase(Locale.ROOT));
                    if (v != null) {
                        g.sysinfo.set(block, field, v);
                        if (block.equals("system") && field.equals("uuid")) {
                            systemUuid(v);
                        }
                    }
                }));
                indexed(o, true);
            }
            case "fwcfg" -> {
                g.sysinfo.useFwCfg();
                indexed(o, false);
                for (int i : g.sysinfo.fwcfgEntriesWithoutName()) {
                    p.bad("--sysinfo fwcfg entry" + i + " has no name; give entry" + i + ".name=opt/...");
                }
            }
            default -> p.bad("--sysinfo type '" + type + "' is not known; use host, emulate, smbios (the default "
                    + "with fields such as system.manufacturer=) or fwcfg.");
        }
    }

    /** virt-install's system.uuid= becomes the guest's UUID too (SMBIOS and libvirt must agree). */
    private void systemUuid(String v) {
        try {
            g.uuid = UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            p.bad("--sysinfo system.uuid '" + v + "' is not a UUID.");
        }
    }

    /** Reads oemStrings.entryN= (SMBIOS) or entryN=, entryN.name=, entryN.file= (fwcfg). */
    private void indexed(SubOptions o, boolean smbios) {
        for (int i = 0; i < 100; i++) {
            String prefix = smbios ? "oemstrings.entry" + i : "entry" + i;
            if (smbios) {
                String v = o.get(prefix);
                if (v != null) {
                    g.sysinfo.oemString(i, v);
                }
                continue;
            }
            for (String part : List.of("", ".name", ".file")) {
                String v = o.get(prefix + part);
                if (v != null) {
                    g.sysinfo.fwcfg(i, part.isEmpty() ? "value" : part.substring(1), v);
                }
            }
        }
    }

    /**
     * {@code --memorybacking hugepages=on,hugepages.pageN.size=,.unit=,.nodeset=,nosharepages=,
     * locked=,source.type=,access.mode=,discard=,allocation.mode=,allocation.threads=}; repeated
     * options add to one element, as in virt-install.
     */
    void memoryBacking(List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        SubOptions o = SubOptions.parse("--memorybacking", String.join(",", texts));
        Boolean huge = HUGEPAGES.read(o, p);
        XmlOut pages = XmlOut.element("hugepages");
        for (int i = 0; i < 100; i++) {
            String k = "hugepages.page" + i + ".";
            String size = o.get(k + "size");
            String unit = o.get(k + "unit");
            String nodeset = o.get(k + "nodeset");
            if (size != null || unit != null || nodeset != null) {
                if (size == null) {
                    p.bad("--memorybacking hugepages.page" + i + " needs a size, such as hugepages.page" + i
                            + ".size=2,hugepages.page" + i + ".unit=M.");
                }
                pages.child(XmlOut.element("page").attr("size", size).attr("unit", unit).attr("nodeset", nodeset));
            }
        }
        // read in this order (the order bad values are reported in); written in libvirt's order below
        Boolean noShare = NOSHAREPAGES.read(o, p);
        Boolean locked = LOCKED.read(o, p);
        String source = SOURCE.read(o, p);
        String access = ACCESS.read(o, p);
        Boolean discard = DISCARD.read(o, p);
        String allocMode = ALLOCATION_MODE.read(o, p);
        Long threads = ALLOCATION_THREADS.read(o, p);
        o.reportUnused(p);
        XmlOut m = XmlOut.element("memoryBacking");
        if (Boolean.TRUE.equals(huge) || !pages.isEmpty()) {
            m.child(pages);
        }
        m.child(Boolean.TRUE.equals(noShare) ? XmlOut.element("nosharepages") : null);
        m.child(Boolean.TRUE.equals(locked) ? XmlOut.element("locked") : null);
        m.child(source == null ? null : XmlOut.element("source").attr("type", source));
        m.child(access == null ? null : XmlOut.element("access").attr("mode", access));
        if (allocMode != null || threads != null) {
            m.child(XmlOut.element("allocation").attr("mode", allocMode).attr("threads", threads));
        }
        m.child(Boolean.TRUE.equals(discard) ? XmlOut.element("discard") : null);
        g.memoryBacking = m.isEmpty() ? null : m;
        sharedMemory = "shared".equals(access);
        privateMemory = "private".equals(access);
        backingSource = source != null || !pages.isEmpty() || Boolean.TRUE.equals(huge);
    }

    /**
     * {@code --qemu-commandline ARGS} (split as a POSIX shell splits words), {@code args=ARGS} or
     * {@code env=NAME=VALUE}: the whole value is one sub-option, commas included.
     */
    void qemuCommandline(String text) {
        if (text.startsWith("env=")) {
            String env = text.substring(4);
            int eq = env.indexOf('=');
            String name = eq < 0 ? env : env.substring(0, eq);
            if (eq < 0 || !ENV_NAME.matcher(name).matches()) {
                p.bad("--qemu-commandline env=" + env + " is not NAME=VALUE with a variable name of letters, digits "
                        + "and underscores.");
                return;
            }
            qemuEnvs.add(XmlOut.element("qemu:env").attr("name", name).attr("value", env.substring(eq + 1)));
            return;
        }
        if (text.startsWith("clearxml=")) {
            p.bad("--qemu-commandline clearxml= edits existing XML, which jvirt install does not start from; give "
                    + "the arguments or env=NAME=VALUE.");
            return;
        }
        String args = text.startsWith("args=") ? text.substring(5) : text;
        List<String> words = ShellWords.split(args);
        if (words == null) {
            p.bad("--qemu-commandline '" + args + "' has an unterminated quote.");
            return;
        }
        words.forEach(w -> qemuArgs.add(XmlOut.element("qemu:arg").attr("value", w)));
    }

    /**
     * Ends the reading: writes the {@code qemu:commandline} element and, when a virtiofs share or
     * a vhost-user card needs it, shared memory backed by memfd (libvirt refuses them without
     * shared memory, which virt-install 4.1 leaves to the user).
     */
    void finish() {
        if (!qemuArgs.isEmpty() || !qemuEnvs.isEmpty()) {
            XmlOut c = XmlOut.element("qemu:commandline").attr("xmlns:qemu", QEMU_NS);
            qemuArgs.forEach(c::child);
            qemuEnvs.forEach(c::child);
            g.qemuCommandline = c;
        }
        if (g.sharedMemoryUsers.isEmpty() || sharedMemory) {
            return;
        }
        String users = String.join(" and ", g.sharedMemoryUsers);
        String need = g.sharedMemoryUsers.size() > 1 ? " need" : " needs";
        if (privateMemory) {
            p.bad(Character.toUpperCase(users.charAt(0)) + users.substring(1) + need + " shared guest memory, but "
                    + "--memorybacking says access.mode=private; use access.mode=shared.");
            return;
        }
        XmlOut m = g.memoryBacking != null ? g.memoryBacking : XmlOut.element("memoryBacking");
        if (!backingSource) {
            m.child(XmlOut.element("source").attr("type", "memfd"));
        }
        m.child(XmlOut.element("access").attr("mode", "shared"));
        g.memoryBacking = m;
        notes.add("Using --memorybacking " + (backingSource ? "" : "source.type=memfd,") + "access.mode=shared: "
                + users + need + " the guest's memory shared with another process.");
    }
}
