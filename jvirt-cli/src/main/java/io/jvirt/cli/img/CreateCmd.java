package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import io.jvirt.image.CreateOptions;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import java.nio.file.Path;
import java.util.List;

/** {@code jvirt img create}: qemu-img create. */
final class CreateCmd extends Verb {

    private final Value<String> format = option("-f", "FMT", String.class, "Image format (default raw).",
            b -> b.defaultValue("raw"));
    private final Value<List<String>> options = repeatable("-o", "OPTIONS", String.class,
            "Format options (size, backing_file, backing_fmt, cluster_size, ...).");
    private final Value<String> backing = option("-b", "FILE", "Backing file.");
    private final Value<String> backingFormat = option("-F", "FMT", "Backing file format.");
    private final Flag unsafe = flag("-u", "Do not open the backing file.");
    private final Flag quiet = flag("-q", "Quiet.");
    private final Value<Path> file = parameter("FILE", Path.class, "Image file.");
    private final Value<String> size = optionalParameter("SIZE", String.class, "Size (k, M, G, T suffixes).");

    CreateCmd() {
        super("create", "Create a new disk image.");
    }

    @Override
    public Integer call() {
        String format = this.format.get(), backing = this.backing.get(), backingFormat = this.backingFormat.get();
        String size = this.size.get();
        boolean unsafe = this.unsafe.get(), quiet = this.quiet.get();
        List<String> options = this.options.get();
        Path file = this.file.get();
        return ImgSupport.run(spec(), (out, err) -> {
            ImageFormat f = ImageFormat.parse(format);
            long sz = size == null ? -1 : ImgSupport.parseSize(size);
            CreateOptions o = ImgSupport.createOptions(f, sz, ImgSupport.parseOptions(options), backing,
                    backingFormat, unsafe);
            if (!quiet) {
                out.println("Formatting '" + file + "', fmt=" + f.qemuName()
                        + (f == ImageFormat.QCOW2 ? " cluster_size=" + o.clusterSize() : "")
                        + (o.backingFile() != null ? " backing_file=" + o.backingFile() : "")
                        + (o.size() >= 0 ? " size=" + o.size() : ""));
            }
            Images.create(file, o);
            return 0;
        }, 1, ImgSupport.writing());
    }
}
