package io.jvirt.cli.support;

import java.util.ArrayList;
import java.util.List;

/** virsh's table layout: a leading space, columns padded to their widest cell plus three spaces, a dash rule as long as the widths plus three each. */
public final class Table {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = header;
    }

    public Table row(String... cells) {
        rows.add(cells);
        return this;
    }

    public void render(StringBuilder sb) {
        int[] w = new int[header.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = header[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        if (!Verb.quiet()) { // virsh -q: the rows alone
            line(sb, header, w);
            // virsh's vshTablePrint: each column's width plus three, without the leading space
            int rule = 0;
            for (int x : w) {
                rule += x + 3;
            }
            sb.append("-".repeat(rule)).append('\n');
        }
        for (String[] r : rows) {
            line(sb, r, w);
        }
    }

    private static void line(StringBuilder sb, String[] cells, int[] w) {
        sb.append(' ');
        for (int i = 0; i < cells.length; i++) {
            sb.append(cells[i]);
            if (i < cells.length - 1) {
                sb.append(" ".repeat(w[i] - cells[i].length() + 3));
            }
        }
        sb.append('\n');
    }
}
