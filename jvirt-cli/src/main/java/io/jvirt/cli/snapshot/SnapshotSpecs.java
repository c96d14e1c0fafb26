package io.jvirt.cli.snapshot;

import io.jvirt.api.ErrorCode;
import io.jvirt.client.JvirtClientException;

import java.util.ArrayList;
import java.util.List;

/** virsh's {@code --memspec} and {@code --diskspec} turned into a {@code <domainsnapshot>} document. */
final class SnapshotSpecs {
    private SnapshotSpecs() {
    }

    /** The document snapshot-create-as sends (virsh's layout). */
    static String xml(String name, String description, String memspec, List<String> diskspecs) {
        StringBuilder b = new StringBuilder("<domainsnapshot>\n");
        if (name != null) {
            b.append("  <name>").append(esc(name)).append("</name>\n");
        }
        if (description != null) {
            b.append("  <description>").append(esc(description)).append("</description>\n");
        }
        if (memspec != null) {
            b.append("  ").append(memory(memspec));
        }
        if (!diskspecs.isEmpty()) {
            b.append("  <disks>\n");
            for (String d : diskspecs) {
                b.append(disk(d).indent(4));
            }
            b.append("  </disks>\n");
        }
        return b.append("</domainsnapshot>\n").toString();
    }

    /** {@code [file=]/path[,snapshot=TYPE]} (a comma in a value is written twice, as in virsh). */
    static String memory(String spec) {
        String snapshot = null;
        String file = null;
        for (String part : split(spec)) {
            if (snapshot == null && part.startsWith("snapshot=")) {
                snapshot = part.substring("snapshot=".length());
            } else if (file == null && part.startsWith("file=")) {
                file = part.substring("file=".length());
            } else if (file == null && part.startsWith("/")) {
                file = part;
            } else {
                throw bad("memspec", spec);
            }
        }
        return "<memory" + (snapshot == null ? "" : " snapshot='" + esc(snapshot) + "'")
                + (file == null ? "" : " file='" + esc(file) + "'") + "/>\n";
    }

    /** {@code NAME[,snapshot=TYPE][,driver=FMT][,stype=file|block][,file=PATH]}. */
    static String disk(String spec) {
        List<String> parts = split(spec);
        if (parts.isEmpty() || parts.getFirst().isEmpty()) {
            throw bad("diskspec", spec);
        }
        String snapshot = null;
        String driver = null;
        String stype = null;
        String file = null;
        for (String part : parts.subList(1, parts.size())) {
            if (snapshot == null && part.startsWith("snapshot=")) {
                snapshot = part.substring(9);
            } else if (driver == null && part.startsWith("driver=")) {
                driver = part.substring(7);
            } else if (stype == null && part.startsWith("stype=")) {
                stype = part.substring(6);
            } else if (file == null && part.startsWith("file=")) {
                file = part.substring(5);
            } else {
                throw bad("diskspec", spec);
            }
        }
        if (stype != null && !stype.equals("file") && !stype.equals("block")) {
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, "Unknown storage type: '" + stype
                    + "'; give stype=file or stype=block.");
        }
        StringBuilder b = new StringBuilder("<disk name='").append(esc(parts.getFirst())).append('\'');
        if (snapshot != null) {
            b.append(" snapshot='").append(esc(snapshot)).append('\'');
        }
        if (stype != null) {
            b.append(" type='").append(stype).append('\'');
        }
        if (driver == null && file == null) {
            return b.append("/>\n").toString();
        }
        b.append(">\n");
        if (driver != null) {
            b.append("  <driver type='").append(esc(driver)).append("'/>\n");
        }
        if (file != null) {
            b.append("  <source ").append("block".equals(stype) ? "dev" : "file").append("='").append(esc(file))
                    .append("'/>\n");
        }
        return b.append("</disk>\n").toString();
    }

    /** virsh's vshStringToArray: commas separate, a doubled comma is a comma. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' && i + 1 < s.length() && s.charAt(i + 1) == ',') {
                cur.append(',');
                i++;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static JvirtClientException bad(String what, String spec) {
        return new JvirtClientException(ErrorCode.INVALID_ARGUMENT, "unable to parse " + what + ": " + spec
                + (what.equals("memspec") ? "; give [file=]/path[,snapshot=external|internal|no]."
                : "; give NAME[,snapshot=TYPE][,driver=FORMAT][,stype=file|block][,file=PATH]."));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }
}
