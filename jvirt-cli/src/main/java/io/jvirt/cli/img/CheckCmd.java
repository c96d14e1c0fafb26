package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import io.jvirt.image.CheckResult;
import io.jvirt.image.ImageChecks;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.lock.ImageLease;
import java.nio.file.Path;

/**
 * {@code jvirt img check}: qemu-img check with its output and exit codes (0 clean, 1 check not
 * completed, 2 corruptions, 3 leaks only, 63 no check for this format). Findings go to stderr
 * line by line, the summary to stdout, as qemu-img prints them.
 */
final class CheckCmd extends Verb {

    /** qemu-img's exit code for a format without checks. */
    static final int UNSUPPORTED = 63;

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
            if (!output.equals("human") && !output.equals("json")) {
                throw ImgSupport.invalid("--output must be human or json, not '" + output + "'.");
            }
            CheckResult.Repair r = repair == null ? CheckResult.Repair.NONE : switch (repair) {
                case "leaks" -> CheckResult.Repair.LEAKS;
                case "all" -> CheckResult.Repair.ALL;
                default -> throw ImgSupport.invalid("Unknown repair mode '" + repair + "'; use leaks or all.");
            };
            ImageFormat f = format != null ? ImageFormat.parse(format) : Images.probe(file);
            Images.requireReadable(file, f);
            if (!ImageChecks.supported(f, r)) {
                ImageChecks.open(file, f);
                err.println("error: " + (r == CheckResult.Repair.NONE
                        ? "The " + f.qemuName() + " format does not support checks."
                        : "The " + f.qemuName() + " format does not support repairs; run the check without -r."));
                return UNSUPPORTED;
            }
            if (repair != null) {
                ImgSupport.readOnlyForceShare(forceShare, "check -r");
            }
            // locked as qemu-img check locks it (with its backing chain) while the checker reads or repairs it
            ImageAccess a = repair == null ? ImageAccess.read().withForceShare(forceShare) : ImageAccess.write();
            CheckResult c;
            try (ImageLease lease = Images.lock(file, new Images.OpenOptions(f, repair == null, null, true, a))) {
                c = ImageChecks.check(file, f, r);
            }
            c.messages().forEach(err::println);
            if (c.failure().isPresent()) {
                err.println("error: " + c.failure().get());
                return c.exitCode();
            }
            if (!quiet) {
                if (output.equals("json")) {
                    out.println(CheckReport.json(c, file.toString()));
                } else {
                    out.print(CheckReport.repairNotice(c));
                    out.print(CheckReport.human(c));
                }
            }
            if (c.checkErrors() > 0) {
                err.println("error: The check of " + file + " did not complete: " + c.checkErrors()
                        + " internal errors occurred (listed above).");
            }
            return c.exitCode();
        }, 1, repair == null ? ImgSupport.reading(forceShare) : ImgSupport.writing());
    }
}
