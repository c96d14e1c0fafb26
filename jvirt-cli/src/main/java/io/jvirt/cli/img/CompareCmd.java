package io.jvirt.cli.img;

import io.jvirt.image.DiskImage;
import io.jvirt.image.Images;
import io.jvirt.image.ops.Comparer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvirt img compare}: exit 0 identical, 1 different, 2 error. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Compare the contents of two images.")
final class CompareCmd implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Option(names = "-f", description = "Format of the first image.")
    String format1;
    @Option(names = "-F", description = "Format of the second image.")
    String format2;
    @Option(names = "-s", description = "Strict: differing sizes are a mismatch.")
    boolean strict;
    @Option(names = "-p", description = "Show progress.")
    boolean progress;
    @Option(names = "-q", description = "Quiet.")
    boolean quiet;
    @Option(names = {"-U", "--force-share"}, description = "Accepted for compatibility.")
    boolean forceShare;
    @Parameters(index = "0", description = "First image.")
    Path a;
    @Parameters(index = "1", description = "Second image.")
    Path b;

    @Override
    public Integer call() {
        return ImgSupport.run(spec, (out, err) -> {
            try (DiskImage ia = Images.open(a, Images.OpenOptions.of(true).withFormat(ImgSupport.format(format1)));
                    DiskImage ib = Images.open(b, Images.OpenOptions.of(true).withFormat(ImgSupport.format(format2)))) {
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
        }, 2);
    }
}
