package io.jvirt.cli.img;

import io.jvirt.image.DiskImage;
import io.jvirt.image.Images;
import io.jvirt.image.ops.ChainEdits;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvirt img resize}: grow, or shrink with --shrink. */
@Command(name = "resize", mixinStandardHelpOptions = true, description = "Change the virtual size of an image.")
final class ResizeCmd implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Option(names = "-f", description = "Image format.")
    String format;
    @Option(names = "--shrink", description = "Allow shrinking (data past the new end is lost).")
    boolean shrink;
    @Option(names = "--preallocation", description = "Accepted only as off.")
    String prealloc = "off";
    @Option(names = "-q", description = "Quiet.")
    boolean quiet;
    @Parameters(index = "0", description = "Image file.")
    Path file;
    @Parameters(index = "1", description = "New size, or +size / -size.")
    String size;

    @Override
    public Integer call() {
        return ImgSupport.run(spec, (out, err) -> {
            if (!prealloc.equals("off")) {
                throw ImgSupport.invalid("Only --preallocation=off is supported by resize.");
            }
            long current;
            try (DiskImage img = Images.open(file, Images.OpenOptions.of(true)
                    .withFormat(ImgSupport.format(format)).withBacking(false))) {
                current = img.virtualSize();
            }
            long target;
            if (size.startsWith("+")) {
                target = current + ImgSupport.parseSize(size.substring(1));
            } else if (size.startsWith("-")) {
                target = current - ImgSupport.parseSize(size.substring(1));
            } else {
                target = ImgSupport.parseSize(size);
            }
            ChainEdits.resize(file, ImgSupport.format(format), target, shrink);
            if (!quiet) {
                out.println("Image resized.");
            }
            return 0;
        }, 1);
    }
}
