package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import io.jvirt.image.DiskImage;
import io.jvirt.image.Images;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.ops.ChainStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code jvirt img map}: allocation map through the backing chain, human or JSON. */
final class MapCmd extends Verb {

    private final Value<String> format = option("-f", "FMT", "Image format.");
    private final Value<String> output = option("--output", "FMT", String.class, "human or json.",
            b -> b.defaultValue("human"));
    private final Flag forceShare = flag("-U, --force-share",
            "Read the image even while another process (QEMU, qemu-img) writes it.");
    private final Value<Path> file = parameter("FILE", Path.class, "Image file.");

    MapCmd() {
        super("map", "Show the allocation map of an image.");
    }

    @Override
    public Integer call() {
        String format = this.format.get(), output = this.output.get();
        Path file = this.file.get();
        boolean forceShare = this.forceShare.get();
        return ImgSupport.run(spec(), (out, err) -> {
            try (DiskImage img = Images.open(file, Images.OpenOptions.of(true).withFormat(ImgSupport.format(format))
                    .withAccess(ImageAccess.read().withForceShare(forceShare)))) {
                List<ChainStatus> runs = runs(img);
                if (output.equals("json")) {
                    out.print("[");
                    for (int i = 0; i < runs.size(); i++) {
                        ChainStatus s = runs.get(i);
                        out.print((i == 0 ? "" : ",\n") + "{ \"start\": " + s.offset() + ", \"length\": " + s.length()
                                + ", \"depth\": " + s.depth() + ", \"present\": " + s.present() + ", \"zero\": " + s.zero()
                                + ", \"data\": " + s.data() + (s.hostOffset() >= 0 ? ", \"offset\": " + s.hostOffset() : "")
                                + "}");
                    }
                    out.println("]");
                } else {
                    out.printf("%-16s%-16s%-16s%s%n", "Offset", "Length", "Mapped to", "File");
                    for (ChainStatus s : runs) {
                        if (s.data() && s.hostOffset() >= 0) {
                            out.printf("0x%-14x0x%-14x0x%-14x%s%n", s.offset(), s.length(), s.hostOffset(), s.file().path());
                        }
                    }
                }
            }
            return 0;
        }, 1, ImgSupport.reading(forceShare));
    }

    static List<ChainStatus> runs(DiskImage img) {
        List<ChainStatus> out = new ArrayList<>();
        long pos = 0;
        long size = img.virtualSize();
        ChainStatus cur = null;
        while (pos < size) {
            ChainStatus s = ChainStatus.at(img, pos, size - pos);
            if (cur != null && cur.depth() == s.depth() && cur.present() == s.present() && cur.zero() == s.zero()
                    && cur.data() == s.data() && cur.file() == s.file()
                    && (cur.hostOffset() < 0 ? s.hostOffset() < 0 : s.hostOffset() == cur.hostOffset() + cur.length())) {
                cur = new ChainStatus(cur.offset(), cur.length() + s.length(), cur.depth(), cur.present(), cur.zero(),
                        cur.data(), cur.hostOffset(), cur.file());
            } else {
                if (cur != null) {
                    out.add(cur);
                }
                cur = s;
            }
            pos += s.length();
        }
        if (cur != null) {
            out.add(cur);
        }
        return out;
    }
}
