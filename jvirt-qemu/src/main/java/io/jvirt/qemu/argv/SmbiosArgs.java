package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.OsDef;
import io.jvirt.conf.domain.SysinfoDef;
import io.jvirt.qemu.argv.ArgvException.Kind;
import java.util.List;
import java.util.Map;

/**
 * Renders the SMBIOS tables ({@code -smbios type=N,...}) of {@code <smbios mode='sysinfo'>} (the
 * domain's {@code <sysinfo type='smbios'>}) or {@code mode='host'} (the host's strings, without
 * its UUID), and the {@code <sysinfo type='fwcfg'>} entries as {@code -fw_cfg}, as libvirt does.
 */
final class SmbiosArgs {

    private SmbiosArgs() {
    }

    static void add(List<String> argv, DomainDef def, LaunchContext ctx) {
        OsDef.SmbiosMode mode = def.os().smbios();
        SysinfoDef.Smbios source = null;
        boolean skipUuid = false;
        if (mode != null) {
            switch (mode) {
                case EMULATE -> {
                    // QEMU's own tables
                }
                case HOST -> {
                    source = ctx.hostSmbios();
                    if (source == null) {
                        throw new ArgvException(Kind.UNSUPPORTED, "The host's SMBIOS strings are not available, "
                                + "so <smbios mode='host'> cannot copy them; use mode='sysinfo' with a <sysinfo>.");
                    }
                    skipUuid = true;
                }
                case SYSINFO -> {
                    source = def.smbiosSysinfo();
                    if (source == null) {
                        throw new ArgvException(Kind.CONFLICT, "<smbios mode='sysinfo'> needs a <sysinfo "
                                + "type='smbios'> in domain '" + def.name() + "'.");
                    }
                }
            }
        }
        if (source != null) {
            smbios(argv, source, skipUuid);
        }
        for (SysinfoDef s : def.sysinfo()) {
            if (s instanceof SysinfoDef.FwCfg f) {
                for (SysinfoDef.FwCfgEntry e : f.entries()) {
                    Opts o = Opts.empty().add("name", e.name());
                    if (e.value() != null) {
                        o.add("string", e.value());
                    } else {
                        o.add("file", e.file());
                    }
                    argv.add("-fw_cfg");
                    argv.add(o.toString());
                }
            }
        }
    }

    private static void smbios(List<String> argv, SysinfoDef.Smbios s, boolean skipUuid) {
        block(argv, s.bios(), false);
        block(argv, s.system(), skipUuid);
        if (s.baseBoards().size() > 1) {
            throw new ArgvException(Kind.UNSUPPORTED, "QEMU takes at most one SMBIOS base board (type 2), but "
                    + s.baseBoards().size() + " <baseBoard> elements are given.");
        }
        s.baseBoards().forEach(b -> block(argv, b, false));
        block(argv, s.chassis(), false);
        if (!s.oemStrings().isEmpty()) {
            Opts o = Opts.empty().add("type", 11);
            s.oemStrings().forEach(v -> o.add("value", v));
            argv.add("-smbios");
            argv.add(o.toString());
        }
    }

    private static void block(List<String> argv, SysinfoDef.Block b, boolean skipUuid) {
        if (b == null) {
            return;
        }
        Opts o = Opts.empty().add("type", b.kind().smbiosType());
        boolean any = false;
        for (Map.Entry<String, String> e : b.entries().entrySet()) {
            if (skipUuid && e.getKey().equals("uuid")) {
                continue;
            }
            o.add(e.getKey(), e.getValue());
            any = true;
        }
        if (any) {
            argv.add("-smbios");
            argv.add(o.toString());
        }
    }
}
