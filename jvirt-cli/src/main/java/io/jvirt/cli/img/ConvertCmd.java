package io.jvirt.cli.img;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.ops.ConvertOptions;
import io.jvirt.image.ops.Converter;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.qcow2.Qcow2Snapshots;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvirt img convert}: qemu-img convert (one source). */
@Command(name = "convert", mixinStandardHelpOptions = true, description = "Convert an image to another format or layout.")
final class ConvertCmd implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Option(names = "-f", description = "Source format.")
    String srcFormat;
    @Option(names = "-O", description = "Target format (default raw).")
    String dstFormat = "raw";
    @Option(names = "-c", description = "Compress the target (qcow2).")
    boolean compress;
    @Option(names = "-p", description = "Show progress.")
    boolean progress;
    @Option(names = "-q", description = "Quiet.")
    boolean quiet;
    @Option(names = "-o", description = "Target format options.")
    List<String> options;
    @Option(names = "-S", description = "Minimum zero run left sparse (default 4k; 0 writes everything).")
    String sparse = "4k";
    @Option(names = "-B", description = "Backing file of the target.")
    String backing;
    @Option(names = "-F", description = "Format of the target's backing file.")
    String backingFormat;
    @Option(names = "-n", description = "Do not create the target; write into an existing image.")
    boolean noCreate;
    @Option(names = "-W", description = "Allow out-of-order writes (accepted; writes are ordered anyway).")
    boolean outOfOrder;
    @Option(names = "-m", description = "Parallel workers for compression.")
    int workers = Runtime.getRuntime().availableProcessors();
    @Option(names = {"-s", "-l"}, description = "Convert an internal snapshot of the source.")
    String snapshot;
    @Option(names = {"-U", "--force-share"}, description = "Accepted for compatibility.")
    boolean forceShare;
    @Option(names = {"-t", "-T"}, description = "Cache mode (accepted, ignored).")
    String cache;
    @Parameters(arity = "2", description = "Source and target.")
    List<Path> files;

    @Override
    public Integer call() {
        return ImgSupport.run(spec, (out, err) -> {
            Path src = files.get(0);
            Path dst = files.get(1);
            ImageFormat of = ImageFormat.parse(dstFormat);
            if (snapshot != null && snapshot.startsWith("snapshot.name=")) {
                snapshot = snapshot.substring("snapshot.name=".length());
            }
            Images.OpenOptions so = Images.OpenOptions.of(true).withFormat(ImgSupport.format(srcFormat));
            try (DiskImage in = Images.open(src, so)) {
                if (snapshot != null) {
                    if (!(in instanceof Qcow2Image q)) {
                        throw new ImageException(ImageException.Kind.UNSUPPORTED, src,
                                "Image " + src + " has no internal snapshots.");
                    }
                    Qcow2Snapshots.view(q, snapshot);
                }
                CreateOptions create = null;
                Map<String, String> o = ImgSupport.parseOptions(options);
                if (!noCreate) {
                    create = ImgSupport.createOptions(of, in.virtualSize(), o, backing, backingFormat, false);
                } else if (!o.isEmpty()) {
                    throw ImgSupport.invalid("Options (-o) cannot be used with -n.");
                }
                boolean backed = backing != null || o.containsKey("backing_file");
                ConvertOptions co = new ConvertOptions(create, compress, ImgSupport.parseSize(sparse), backed,
                        Math.max(1, workers));
                Converter.convert(in, dst, of, co, ProgressPrinter.of(progress && !quiet, out));
            }
            return 0;
        }, 1);
    }
}
