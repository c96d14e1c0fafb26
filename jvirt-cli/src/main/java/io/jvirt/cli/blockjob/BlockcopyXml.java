package io.jvirt.cli.blockjob;

/**
 * The destination {@code <disk>} that {@code blockcopy} describes from {@code --dest},
 * {@code --format} and {@code --blockdev}, written as virsh 9.0 writes it (and prints it with
 * {@code --print-xml}): the path as given, a {@code <driver>} only with a format, libvirt's
 * escaping (the five XML specials as entities, the control characters 0x01 to 0x19 but tab,
 * newline and carriage return dropped) and a newline after each line.
 */
final class BlockcopyXml {
    private BlockcopyXml() {
    }

    /** The document for a copy to {@code dest} (a file, or a block device with {@code blockdev}). */
    static String destination(String dest, String format, boolean blockdev) {
        StringBuilder sb = new StringBuilder();
        sb.append("<disk type='").append(blockdev ? "block" : "file").append("'>\n");
        sb.append("  <source ").append(blockdev ? "dev" : "file").append("='").append(escape(dest)).append("'/>\n");
        if (format != null) {
            sb.append("  <driver type='").append(escape(format)).append("'/>\n");
        }
        return sb.append("</disk>\n").toString();
    }

    /** libvirt's virBufferEscapeString. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    // libvirt's list of dropped characters ends at 0x19
                    boolean dropped = c >= 0x01 && c <= 0x19 && c != '\t' && c != '\n' && c != '\r';
                    if (!dropped) {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
