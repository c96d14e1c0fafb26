package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import io.jvirt.image.CheckResult;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.lock.ImageLease;
import io.jvirt.image.qcow2.Qcow2Checker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code jvirt img check}: qemu-img check with its exit codes (0 clean, 2 corrupt, 3 leaks, 63 unsupported). */
final class CheckCmd extends Verb {

    private final Value<String> format = option("-f", "FMT", "Image format.");
    private final Value<String> output = option("--output", "FMT", String.class, "human or json.",
            b -> b.defaultValue("human"));
    private final Value<String> repair = option("-r", "MODE", "Repair: leaks or all.");
    private final Flag quiet = flag("-q", "Quiet.");
    private final Flag forceShare = flag("-U, --force-share",
            "Check the image even while another process (QEMU, qemu-img) writes it (not with -r).");
    private final Value<Path> file = parameter("FILE", Path.class, "Image file.");

    CheckCmd() {
        super("check", "Check an image for consistency.");
    }

    @Override
    public Integer call() {
        String format = this.format.get(), output = this.output.get(), repair = this.repair.get();
        boolean quiet = this.quiet.get(), forceShare = this.forceShare.get();
        Path file = this.file.get();
        return ImgSupport.run(spec(), (out, err) -> {
            ImageFormat f = format != null ? ImageFormat.parse(format) : Images.probe(file);
            if (f != ImageFormat.QCOW2) {
                err.println("error: This image format (" + f.qemuName() + ") does not support checks.");
                return 63;
            }
            CheckResult.Repair r = repair == null ? CheckResult.Repair.NONE : switch (repair) {
                case "leaks" -> CheckResult.Repair.LEAKS;
                case "all" -> CheckResult.Repair.ALL;
                default -> throw ImgSupport.invalid("Unknown repair mode '" + repair + "'; use leaks or all.");
            };
            if (repair != null) {
                ImgSupport.readOnlyForceShare(forceShare, "check -r");
            }
            // locked as qemu-img check locks it (with its backing chain) while the checker reads or repairs it
            ImageAccess a = repair == null ? ImageAccess.read().withForceShare(forceShare) : ImageAccess.write();
            CheckResult c;
            try (ImageLease lease = Images.lock(file, new Images.OpenOptions(f, repair == null, null, true, a))) {
                c = Qcow2Checker.check(file, r);
            }
            if (output.equals("json")) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("image-end-offset", c.imageEndOffset());
                m.put("total-clusters", c.totalClusters());
                m.put("check-errors", 0);
                if (c.leaks() > 0) {
                    m.put("leaks", c.leaks());
                }
                if (c.corruptions() > 0) {
                    m.put("corruptions", c.corruptions());
                }
                if (c.repairedLeaks() > 0) {
                    m.put("leaks-fixed", c.repairedLeaks());
                }
                if (c.repairedCorruptions() > 0) {
                    m.put("corruptions-fixed", c.repairedCorruptions());
                }
                m.put("allocated-clusters", c.allocatedClusters());
                if (c.fragmentedClusters() > 0) {
                    m.put("fragmented-clusters", c.fragmentedClusters());
                }
                if (c.compressedClusters() > 0) {
                    m.put("compressed-clusters", c.compressedClusters());
                }
                m.put("filename", file.toString());
                m.put("format", "qcow2");
                out.println(Json.write(m));
            } else if (!quiet) {
                human(out, c);
            }
            return c.exitCode();
        }, 1, repair == null ? ImgSupport.reading(forceShare) : ImgSupport.writing());
    }

    private static void human(java.io.PrintWriter out, CheckResult c) {
        c.messages().forEach(out::println);
        if (c.repairedLeaks() > 0 || c.repairedCorruptions() > 0) {
            out.println("The following inconsistencies were found and repaired:");
            out.println();
            out.println("    " + c.repairedLeaks() + " leaked clusters");
            out.println("    " + c.repairedCorruptions() + " corruptions");
            out.println();
        }
        if (c.corruptions() > 0) {
            out.println();
            out.println(c.corruptions() + " errors were found on the image.");
            out.println("Data may be corrupted, or further writes to the image may corrupt it.");
        }
        if (c.leaks() > 0) {
            out.println();
            out.println(c.leaks() + " leaked clusters were found on the image.");
            out.println("This means waste of disk space, but no harm to data.");
        }
        if (c.corruptions() == 0 && c.leaks() == 0) {
            out.println("No errors were found on the image.");
        }
        long total = Math.max(1, c.totalClusters());
        out.printf(Locale.ROOT, "%d/%d = %.2f%% allocated, %.2f%% fragmented, %.2f%% compressed clusters%n",
                c.allocatedClusters(), c.totalClusters(), 100.0 * c.allocatedClusters() / total,
                c.allocatedClusters() == 0 ? 0.0 : 100.0 * c.fragmentedClusters() / c.allocatedClusters(),
                c.allocatedClusters() == 0 ? 0.0 : 100.0 * c.compressedClusters() / c.allocatedClusters());
        out.println("Image end offset: " + c.imageEndOffset());
    }
}
