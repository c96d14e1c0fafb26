package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import io.jvirt.image.ops.ChainEdits;
import java.nio.file.Path;

/** {@code jvirt img resize}: grow, or shrink with --shrink. */
final class ResizeCmd extends Verb {

    private final Value<String> format = option("-f", "FMT", "Image format.");
    private final Flag shrink = flag("--shrink", "Allow shrinking (data past the new end is lost).");
    private final Value<String> prealloc = option("--preallocation", "MODE", String.class, "Accepted only as off.",
            b -> b.defaultValue("off"));
    private final Flag quiet = flag("-q", "Quiet.");
    private final Value<Path> file = parameter("FILE", Path.class, "Image file.");
    private final Value<String> size = parameter("SIZE", "New size, or +size / -size.");

    ResizeCmd() {
        super("resize", "Change the virtual size of an image.");
    }

    @Override
    public Integer call() {
        String format = this.format.get(), prealloc = this.prealloc.get(), size = this.size.get();
        boolean shrink = this.shrink.get(), quiet = this.quiet.get();
        Path file = this.file.get();
        return ImgSupport.run(spec(), (out, err) -> {
            if (!prealloc.equals("off")) {
                throw ImgSupport.invalid("Only --preallocation=off is supported by resize.");
            }
            // one open, locked for writing and resizing, reads the current size and changes it
            boolean grow = size.startsWith("+"), cut = size.startsWith("-");
            long amount = ImgSupport.parseSize(grow || cut ? size.substring(1) : size);
            ChainEdits.resize(file, ImgSupport.format(format), current -> grow ? current + amount
                    : cut ? current - amount : amount, shrink);
            if (!quiet) {
                out.println("Image resized.");
            }
            return 0;
        }, 1, ImgSupport.writing());
    }
}
