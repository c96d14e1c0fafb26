package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import io.jvirt.image.DiskImage;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.ops.Comparer;
import java.nio.file.Path;

/** {@code jvirt img compare}: exit 0 identical, 1 different, 2 error. */
final class CompareCmd extends Verb {

    private final Value<String> format1 = option("-f", "FMT", "Format of the first image.");
    private final Value<String> format2 = option("-F", "FMT", "Format of the second image.");
    private final Flag strict = flag("-s", "Strict: differing sizes are a mismatch.");
    private final Flag progress = flag("-p", "Show progress.");
    private final Flag quiet = flag("-q", "Quiet.");
    private final Flag forceShare = flag("-U, --force-share",
            "Read the image even while another process (QEMU, qemu-img) writes it.");
    private final Value<Path> a = parameter("FILE1", Path.class, "First image.");
    private final Value<Path> b = parameter("FILE2", Path.class, "Second image.");

    CompareCmd() {
        super("compare", "Compare the contents of two images.");
    }

    @Override
    public Integer call() {
        String format1 = this.format1.get(), format2 = this.format2.get();
        boolean strict = this.strict.get(), progress = this.progress.get(), quiet = this.quiet.get();
        Path a = this.a.get(), b = this.b.get();
        boolean forceShare = this.forceShare.get();
        ImageAccess read = ImageAccess.read().withForceShare(forceShare);
        return ImgSupport.run(spec(), (out, err) -> {
            try (DiskImage ia = Images.open(a, Images.OpenOptions.of(true).withFormat(ImgSupport.format(format1))
                    .withAccess(read));
                    DiskImage ib = Images.open(b, Images.OpenOptions.of(true).withFormat(ImgSupport.format(format2))
                    .withAccess(read))) {
                Comparer.Result r = Comparer.compare(ia, ib, strict, ProgressPrinter.of(progress && !quiet, out));
                if (r.identical()) {
                    if (!quiet) {
                        out.println("Images are identical.");
                    }
                    return 0;
                }
                if (!quiet) {
                    out.println(r.sizeMismatch() ? "Strict mode: Image size mismatch!"
                            : "Content mismatch at offset " + r.mismatchOffset() + "!");
                }
                return 1;
            }
        }, 2, ImgSupport.reading(forceShare));
    }
}
