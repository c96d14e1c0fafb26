package io.jvirt.cli.img;

import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.ops.Measurer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvirt img measure}: space needed for a new image or a conversion. */
@Command(name = "measure", mixinStandardHelpOptions = true, description = "Measure the space a new image or a conversion needs.")
final class MeasureCmd implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Option(names = "-f", description = "Source format.")
    String format;
    @Option(names = "-O", description = "Output format (default raw).")
    String outFormat = "raw";
    @Option(names = "-o", description = "Output format options.")
    List<String> options;
    @Option(names = "--size", description = "Virtual size when there is no source.")
    String size;
    @Option(names = "--output", description = "human or json.")
    String output = "human";
    @Option(names = {"-U", "--force-share"}, description = "Accepted for compatibility.")
    boolean forceShare;
    @Parameters(index = "0", arity = "0..1", description = "Source image.")
    Path file;

    @Override
    public Integer call() {
        return ImgSupport.run(spec, (out, err) -> {
            if ((file == null) == (size == null)) {
                throw ImgSupport.invalid("Give either --size or a source image, not both and not neither.");
            }
            ImageFormat of = ImageFormat.parse(outFormat);
            Map<String, String> o = ImgSupport.parseOptions(options);
            int cs = o.containsKey("cluster_size") ? (int) ImgSupport.parseSize(o.get("cluster_size")) : 65536;
            int bits = o.containsKey("refcount_bits") ? Integer.parseInt(o.get("refcount_bits")) : 16;
            Measurer.Result r;
            if (file != null) {
                try (DiskImage in = Images.open(file, Images.OpenOptions.of(true).withFormat(ImgSupport.format(format)))) {
                    r = Measurer.measure(in, 0, of, cs, bits);
                }
            } else {
                r = Measurer.measure(null, ImgSupport.parseSize(size), of, cs, bits);
            }
            if (output.equals("json")) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (of == ImageFormat.QCOW2 && file != null) {
                    m.put("bitmaps", 0);
                }
                m.put("required", r.required());
                m.put("fully-allocated", r.fullyAllocated());
                out.println(Json.write(m));
            } else {
                out.println("required size: " + r.required());
                out.println("fully allocated size: " + r.fullyAllocated());
                if (of == ImageFormat.QCOW2 && file != null) {
                    out.println("bitmaps size: 0");
                }
            }
            return 0;
        }, 1);
    }
}
