package io.jvirt.conf.snapshot;

import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.xml.XmlOut;

/** Writes a {@link SnapshotDef} as libvirt does ({@code virDomainSnapshotDefFormat}), in its element order. */
final class SnapshotFormatter {
    private SnapshotFormatter() {
    }

    static String format(SnapshotDef s, Secrets secrets, boolean withCurrent) {
        StringBuilder sb = new StringBuilder(4096).append("<domainsnapshot>\n");
        XmlOut head = XmlOut.element("x");
        head.textChild("name", s.name());
        head.textChild("description", s.description());
        head.textChild("state", s.state() == null ? null : s.state().xml());
        if (s.parent() != null) {
            head.child(XmlOut.element("parent").textChild("name", s.parent()));
        }
        head.textChild("creationTime", s.creationTime());
        if (s.memory() != null) {
            head.child(XmlOut.element("memory").attr("snapshot", s.memory().snapshot()).attr("file", s.memory().file()));
        }
        if (!s.disks().isEmpty()) {
            XmlOut disks = XmlOut.element("disks");
            for (SnapshotDiskDef d : s.disks()) {
                disks.child(disk(d));
            }
            head.child(disks);
        }
        appendChildren(sb, head);
        if (s.domain() != null) {
            indent(sb, DomainXml.format(s.domain(), secrets));
        } else if (s.domainUuid() != null) {
            sb.append("  <domain>\n    <uuid>").append(s.domainUuid()).append("</uuid>\n  </domain>\n");
        }
        if (s.inactiveDomain() != null) {
            String inactive = DomainXml.format(s.inactiveDomain(), secrets);
            inactive = "<inactiveDomain" + inactive.substring("<domain".length());
            int end = inactive.lastIndexOf("</domain>");
            inactive = inactive.substring(0, end) + "</inactiveDomain>" + inactive.substring(end + "</domain>".length());
            indent(sb, inactive);
        }
        if (s.cookie() != null) {
            XmlOut tail = XmlOut.element("x");
            XmlOut cookie = CommonXml.metadata(s.cookie().isEmpty() ? null : s.cookie());
            tail.child(cookie == null ? XmlOut.element("cookie") : rename(cookie, "cookie"));
            appendChildren(sb, tail);
        }
        if (withCurrent && s.current() != null) {
            sb.append("  <active>").append(s.current() ? 1 : 0).append("</active>\n");
        }
        return sb.append("</domainsnapshot>\n").toString();
    }

    private static XmlOut disk(SnapshotDiskDef d) {
        XmlOut x = XmlOut.element("disk").attr("name", d.name()).attr("snapshot", d.snapshot());
        if (d.source() != null || d.format() != null) {
            x.attr("type", d.type());
            XmlOut driver = XmlOut.element("driver").attr("type", d.format());
            if (d.metadataCacheMaxSize() != null) {
                driver.child(XmlOut.element("metadata_cache").child(XmlOut.element("max_size").attr("unit", "bytes")
                        .text(Long.toString(d.metadataCacheMaxSize()))));
            }
            if (!driver.isEmpty()) {
                x.child(driver);
            }
            if (d.source() != null) {
                x.child(XmlOut.element("source").attr(d.type() == SnapshotDiskDef.SourceType.BLOCK ? "dev" : "file",
                        d.source()));
            }
        }
        return x;
    }

    /** Appends the rendered children of a holder element, indented one level. */
    private static void appendChildren(StringBuilder sb, XmlOut holder) {
        String r = holder.render();
        int open = r.indexOf('\n');
        int close = r.lastIndexOf("</x>");
        if (open < 0 || close < 0) {
            return; // no children: rendered as <x/>
        }
        sb.append(r, open + 1, close);
    }

    private static void indent(StringBuilder sb, String xml) {
        for (String line : xml.split("\n")) {
            sb.append("  ").append(line).append('\n');
        }
    }

    private static XmlOut rename(XmlOut metadata, String name) {
        String r = metadata.render();
        String renamed = "<" + name + r.substring("<metadata".length(), r.lastIndexOf("</metadata>")) + "</" + name + ">";
        return XmlOut.from(io.jvirt.conf.xml.XmlReader.read(renamed));
    }
}
