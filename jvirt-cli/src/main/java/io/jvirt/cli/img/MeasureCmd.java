package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.ops.Measurer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code jvirt img measure}: space needed for a new image or a conversion. */
final class MeasureCmd extends Verb {

    private final Value<String> format = option("-f", "FMT", "Source format.");
    private final Value<String> outFormat = option("-O", "FMT", String.class, "Output format (default raw).",
            b -> b.defaultValue("raw"));
    private final Value<List<String>> options = repeatable("-o", "OPTIONS", String.class, "Output format options.");
    private final Value<String> size = option("--size", "SIZE", "Virtual size when there is no source.");
    private final Value<String> output = option("--output", "FMT", String.class, "human or json.",
            b -> b.defaultValue("human"));
    private final Flag forceShare = flag("-U, --force-share",
            "Read the image even while another process (QEMU, qemu-img) writes it.");
    private final Value<Path> file = optionalParameter("FILE", Path.class, "Source image.");

    MeasureCmd() {
        super("measure", "Measure the space a new image or a conversion needs.");
    }

    @Override
    public Integer call() {
        String format = this.format.get(), outFormat = this.outFormat.get(), size = this.size.get();
        String output = this.output.get();
        List<String> options = this.options.get();
        Path file = this.file.get();
        boolean forceShare = this.forceShare.get();
        return ImgSupport.run(spec(), (out, err) -> {
            if ((file == null) == (size == null)) {
                throw ImgSupport.invalid("Give either --size or a source image, not both and not neither.");
            }
            ImageFormat of = ImageFormat.parse(outFormat);
            Map<String, String> o = ImgSupport.parseOptions(options);
            int cs = o.containsKey("cluster_size") ? (int) ImgSupport.parseSize(o.get("cluster_size")) : 65536;
            int bits = o.containsKey("refcount_bits") ? Integer.parseInt(o.get("refcount_bits")) : 16;
            Measurer.Result r;
            if (file != null) {
                try (DiskImage in = Images.open(file, Images.OpenOptions.of(true).withFormat(ImgSupport.format(format))
                        .withAccess(ImageAccess.read().withForceShare(forceShare)))) {
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
        }, 1, ImgSupport.reading(forceShare));
    }
}
