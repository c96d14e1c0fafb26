package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageInfo;
import io.jvirt.image.Images;
import io.jvirt.image.SnapshotInfo;
import io.jvirt.image.lock.ImageAccess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code jvirt img info}: qemu-img info, human or JSON, optionally for the whole chain. */
final class InfoCmd extends Verb {

    private final Value<String> format = option("-f", "FMT", "Image format (detected by default).");
    private final Value<String> output = option("--output", "FMT", String.class, "human or json.",
            b -> b.defaultValue("human"));
    private final Flag chain = flag("--backing-chain", "Show every image of the backing chain.");
    private final Flag forceShare = flag("-U, --force-share",
            "Read the image even while another process (QEMU, qemu-img) writes it.");
    private final Value<Path> file = parameter("FILE", Path.class, "Image file.");

    InfoCmd() {
        super("info", "Show information about an image.");
    }

    @Override
    public Integer call() {
        String format = this.format.get(), output = this.output.get();
        boolean chain = this.chain.get();
        boolean forceShare = this.forceShare.get();
        Path file = this.file.get();
        return ImgSupport.run(spec(), (out, err) -> {
            List<ImageInfo> infos = new ArrayList<>();
            // qemu-img info opens for metadata only (no I/O): it needs no permission but shares no writes
            Images.OpenOptions oo = Images.OpenOptions.of(true).withFormat(ImgSupport.format(format)).withBacking(chain)
                    .withAccess(ImageAccess.inspect().withForceShare(forceShare));
            try (DiskImage img = Images.open(file, oo)) {
                DiskImage cur = img;
                while (cur != null) {
                    infos.add(cur.info());
                    cur = chain ? cur.backing().orElse(null) : null;
                }
            }
            if (output.equals("json")) {
                Object v = chain ? infos.stream().map(InfoCmd::toJson).toList() : toJson(infos.getFirst());
                out.println(Json.write(v));
            } else {
                for (int i = 0; i < infos.size(); i++) {
                    if (i > 0) {
                        out.println();
                    }
                    human(out, infos.get(i));
                }
            }
            return 0;
        }, 1, ImgSupport.reading(forceShare));
    }

    static Map<String, Object> toJson(ImageInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (i.backingFormat() != null) {
            m.put("backing-filename-format", i.backingFormat());
        }
        if (!i.snapshots().isEmpty()) {
            m.put("snapshots", i.snapshots().stream().map(InfoCmd::snapshot).toList());
        }
        m.put("virtual-size", i.virtualSize());
        m.put("filename", i.filename());
        if (i.clusterSize() > 0) {
            m.put("cluster-size", i.clusterSize());
        }
        m.put("format", i.format().qemuName());
        m.put("actual-size", i.actualSize());
        if (i.qcow2() != null) {
            ImageInfo.Qcow2Details q = i.qcow2();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("compat", q.compat());
            if (q.compat().equals("1.1")) {
                d.put("compression-type", q.compressionType().qemuName());
                d.put("lazy-refcounts", q.lazyRefcounts());
            }
            d.put("refcount-bits", q.refcountBits());
            if (q.compat().equals("1.1")) {
                d.put("corrupt", q.corrupt());
                d.put("extended-l2", q.extendedL2());
            }
            Map<String, Object> fs = new LinkedHashMap<>();
            fs.put("type", "qcow2");
            fs.put("data", d);
            m.put("format-specific", fs);
        }
        if (i.backingFilename() != null) {
            m.put("full-backing-filename", i.fullBackingFilename());
            m.put("backing-filename", i.backingFilename());
        }
        m.put("dirty-flag", i.dirty());
        return m;
    }

    private static Map<String, Object> snapshot(SnapshotInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s.icount() >= 0) {
            m.put("icount", s.icount());
        }
        m.put("vm-clock-nsec", s.vmClockNsec() % 1_000_000_000L);
        m.put("name", s.name());
        m.put("date-sec", s.dateSec());
        m.put("date-nsec", s.dateNsec());
        m.put("vm-clock-sec", s.vmClockNsec() / 1_000_000_000L);
        m.put("id", s.id());
        m.put("vm-state-size", s.vmStateSize());
        return m;
    }

    private static void human(PrintWriter out, ImageInfo i) {
        out.println("image: " + i.filename());
        out.println("file format: " + i.format().qemuName());
        out.println("virtual size: " + ImgSupport.human(i.virtualSize()) + " (" + i.virtualSize() + " bytes)");
        out.println("disk size: " + ImgSupport.human(i.actualSize()));
        if (i.clusterSize() > 0) {
            out.println("cluster_size: " + i.clusterSize());
        }
        if (i.backingFilename() != null) {
            out.println("backing file: " + i.backingFilename()
                    + (i.fullBackingFilename().equals(i.backingFilename()) ? "" : " (actual path: " + i.fullBackingFilename() + ")"));
            if (i.backingFormat() != null) {
                out.println("backing file format: " + i.backingFormat());
            }
        }
        if (!i.snapshots().isEmpty()) {
            out.println("Snapshot list:");
            out.println(snapshotTable(i.snapshots()));
        }
        if (i.qcow2() != null) {
            ImageInfo.Qcow2Details q = i.qcow2();
            out.println("Format specific information:");
            out.println("    compat: " + q.compat());
            if (q.compat().equals("1.1")) {
                out.println("    compression type: " + q.compressionType().qemuName());
                out.println("    lazy refcounts: " + q.lazyRefcounts());
            }
            out.println("    refcount bits: " + q.refcountBits());
            if (q.compat().equals("1.1")) {
                out.println("    corrupt: " + q.corrupt());
                out.println("    extended l2: " + q.extendedL2());
            }
        }
    }

    static String snapshotTable(List<SnapshotInfo> snaps) {
        StringBuilder sb = new StringBuilder(String.format("%-9s %-17s %8s %20s %13s %10s",
                "ID", "TAG", "VM SIZE", "DATE", "VM CLOCK", "ICOUNT"));
        DateTimeFormatter df = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
        for (SnapshotInfo s : snaps) {
            long ns = s.vmClockNsec();
            String clock = String.format("%02d:%02d:%02d.%03d", ns / 3_600_000_000_000L, ns / 60_000_000_000L % 60,
                    ns / 1_000_000_000L % 60, ns / 1_000_000 % 1000);
            sb.append('\n').append(String.format("%-9s %-17s %8s %20s %13s %10s", s.id(), s.name(),
                    ImgSupport.human(s.vmStateSize()), df.format(Instant.ofEpochSecond(s.dateSec())), clock,
                    s.icount() >= 0 ? Long.toString(s.icount()) : ""));
        }
        return sb.toString();
    }
}
