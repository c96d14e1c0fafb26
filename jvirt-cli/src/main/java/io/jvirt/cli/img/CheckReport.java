package io.jvirt.cli.img;

import io.jvirt.image.CheckResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Renders a check result as qemu-img check prints it (pure: text in, text out). */
final class CheckReport {

    private CheckReport() {
    }

    /**
     * The summary qemu-img prints on stdout after a repair that changed something.
     *
     * @param c the result
     * @return the text, empty when nothing was repaired
     */
    static String repairNotice(CheckResult c) {
        if (!c.repaired()) {
            return "";
        }
        return "The following inconsistencies were found and repaired:\n\n"
                + "    " + c.leaksFixed() + " leaked clusters\n"
                + "    " + c.corruptionsFixed() + " corruptions\n\n"
                + "Double checking the fixed image now...\n";
    }

    /**
     * The human summary (qemu's dump_human_image_check).
     *
     * @param c the result of a completed check
     * @return the text, ending with a newline
     */
    static String human(CheckResult c) {
        StringBuilder sb = new StringBuilder();
        if (c.corruptions() == 0 && c.leaks() == 0 && c.checkErrors() == 0) {
            sb.append("No errors were found on the image.\n");
        } else {
            if (c.corruptions() > 0) {
                sb.append('\n').append(c.corruptions()).append(" errors were found on the image.\n")
                        .append("Data may be corrupted, or further writes to the image may corrupt it.\n");
            }
            if (c.leaks() > 0) {
                sb.append('\n').append(c.leaks()).append(" leaked clusters were found on the image.\n")
                        .append("This means waste of disk space, but no harm to data.\n");
            }
            if (c.checkErrors() > 0) {
                sb.append('\n').append(c.checkErrors()).append(" internal errors have occurred during the check.\n");
            }
        }
        if (c.totalClusters() != 0 && c.allocatedClusters() != 0) {
            sb.append(String.format(Locale.ROOT, "%d/%d = %.2f%% allocated, %.2f%% fragmented, %.2f%% compressed clusters%n",
                    c.allocatedClusters(), c.totalClusters(), 100.0 * c.allocatedClusters() / c.totalClusters(),
                    100.0 * c.fragmentedClusters() / c.allocatedClusters(),
                    100.0 * c.compressedClusters() / c.allocatedClusters()));
        }
        if (c.imageEndOffset() != 0) {
            sb.append("Image end offset: ").append(c.imageEndOffset()).append('\n');
        }
        return sb.toString();
    }

    /**
     * The JSON object, with qemu-img's key order and its rule that zero-valued optional
     * members are left out.
     *
     * @param c the result of a completed check
     * @param filename the name as given on the command line
     * @return the JSON text without a trailing newline
     */
    static String json(CheckResult c, String filename) {
        Map<String, Object> m = new LinkedHashMap<>();
        optional(m, "image-end-offset", c.imageEndOffset());
        optional(m, "compressed-clusters", c.compressedClusters());
        optional(m, "total-clusters", c.totalClusters());
        optional(m, "corruptions", c.corruptions());
        optional(m, "corruptions-fixed", c.corruptionsFixed());
        m.put("check-errors", c.checkErrors());
        optional(m, "leaks", c.leaks());
        optional(m, "leaks-fixed", c.leaksFixed());
        optional(m, "allocated-clusters", c.allocatedClusters());
        m.put("filename", filename);
        m.put("format", c.format());
        optional(m, "fragmented-clusters", c.fragmentedClusters());
        return Json.write(m);
    }

    private static void optional(Map<String, Object> m, String key, long value) {
        if (value != 0) {
            m.put(key, value);
        }
    }
}
