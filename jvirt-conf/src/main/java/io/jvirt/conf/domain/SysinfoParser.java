package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a {@code <sysinfo>} element into a {@link SysinfoDef}. */
final class SysinfoParser {

    private SysinfoParser() {
    }

    static SysinfoDef sysinfo(XmlCursor c) {
        String type = c.requireAttr("type");
        return switch (type) {
            case "smbios" -> smbios(c);
            case "fwcfg" -> fwcfg(c);
            default -> throw c.invalid("type", type, "expected smbios or fwcfg");
        };
    }

    private static SysinfoDef smbios(XmlCursor c) {
        SysinfoDef.Block bios = block(c.child("bios"), SysinfoDef.BlockKind.BIOS);
        SysinfoDef.Block system = block(c.child("system"), SysinfoDef.BlockKind.SYSTEM);
        List<SysinfoDef.Block> boards = new ArrayList<>();
        for (XmlCursor b : c.children("baseBoard")) {
            boards.add(block(b, SysinfoDef.BlockKind.BASE_BOARD));
        }
        SysinfoDef.Block chassis = block(c.child("chassis"), SysinfoDef.BlockKind.CHASSIS);
        List<String> oem = new ArrayList<>();
        XmlCursor o = c.child("oemStrings");
        if (o != null) {
            for (XmlCursor e : o.children("entry")) {
                String v = e.text();
                e.finish();
                oem.add(v == null ? "" : v);
            }
            o.finish();
            if (oem.isEmpty()) {
                throw o.error(Kind.MISSING_VALUE, "<oemStrings> needs at least one <entry>.");
            }
        }
        c.finish();
        return c.build(() -> new SysinfoDef.Smbios(bios, system, boards, chassis, oem));
    }

    private static SysinfoDef.Block block(XmlCursor c, SysinfoDef.BlockKind kind) {
        if (c == null) {
            return null;
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (XmlCursor e : c.children("entry")) {
            String name = e.requireAttr("name");
            String value = e.text();
            e.finish();
            if (entries.put(name, value == null ? "" : value) != null) {
                throw e.error(Kind.DUPLICATE, "The entry '" + name + "' appears twice in <" + kind.element() + ">.");
            }
        }
        c.finish();
        return c.build(() -> new SysinfoDef.Block(kind, entries));
    }

    private static SysinfoDef fwcfg(XmlCursor c) {
        List<SysinfoDef.FwCfgEntry> entries = new ArrayList<>();
        for (XmlCursor e : c.children("entry")) {
            String name = e.requireAttr("name");
            String file = e.attr("file");
            String value = e.text();
            e.finish();
            entries.add(e.build(() -> new SysinfoDef.FwCfgEntry(name, value, file)));
        }
        c.finish();
        return c.build(() -> new SysinfoDef.FwCfg(entries));
    }
}
