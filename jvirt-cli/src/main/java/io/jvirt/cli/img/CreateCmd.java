package io.jvirt.cli.img;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvirt img create}: qemu-img create. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a new disk image.")
final class CreateCmd implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Option(names = "-f", description = "Image format (default raw).")
    String format = "raw";
    @Option(names = "-o", description = "Format options (size, backing_file, backing_fmt, cluster_size, ...).")
    List<String> options;
    @Option(names = "-b", description = "Backing file.")
    String backing;
    @Option(names = "-F", description = "Backing file format.")
    String backingFormat;
    @Option(names = "-u", description = "Do not open the backing file.")
    boolean unsafe;
    @Option(names = "-q", description = "Quiet.")
    boolean quiet;
    @Parameters(index = "0", description = "Image file.")
    Path file;
    @Parameters(index = "1", arity = "0..1", description = "Size (k, M, G, T suffixes).")
    String size;

    @Override
    public Integer call() {
        return ImgSupport.run(spec, (out, err) -> {
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
        }, 1);
    }
}
