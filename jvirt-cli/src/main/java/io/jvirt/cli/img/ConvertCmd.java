package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import io.jvirt.image.CreateOptions;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import io.jvirt.image.WriteCache;
import io.jvirt.image.lock.ImageAccess;
import io.jvirt.image.ops.ConvertOptions;
import io.jvirt.image.ops.Converter;
import io.jvirt.image.qcow2.Qcow2Backing;
import io.jvirt.image.qcow2.Qcow2Image;
import io.jvirt.image.qcow2.Qcow2Snapshots;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code jvirt img convert}: qemu-img convert (one source). */
final class ConvertCmd extends Verb {

    private final Value<String> srcFormat = option("-f", "FMT", "Source format.");
    private final Value<String> dstFormat = option("-O", "FMT", String.class, "Target format (default raw).",
            b -> b.defaultValue("raw"));
    private final Flag compress = flag("-c", "Compress the target (qcow2).");
    private final Flag progress = flag("-p", "Show progress.");
    private final Flag quiet = flag("-q", "Quiet.");
    private final Value<List<String>> options = repeatable("-o", "OPTIONS", String.class, "Target format options.");
    private final Value<String> sparse = option("-S", "SIZE", String.class,
            "Minimum zero run left sparse (default 4k; 0 writes everything).", b -> b.defaultValue("4k"));
    private final Value<String> backing = option("-B", "FILE", "Backing file of the target.");
    private final Value<String> backingFormat = option("-F", "FMT", "Format of the target's backing file.");
    private final Flag noCreate = flag("-n", "Do not create the target; write into an existing image.");
    private final Flag outOfOrder = flag("-W", "Allow out-of-order writes (accepted; writes are ordered anyway).");
    private final Value<Integer> workers = option("-m", "N", Integer.class, "Parallel workers for compression.",
            b -> b.defaultValue(Integer.toString(Runtime.getRuntime().availableProcessors())));
    private final Value<String> snapshot = option("-s, -l", "SNAPSHOT", "Convert an internal snapshot of the source.");
    private final Flag forceShare = flag("-U, --force-share",
            "Read the source even while another process (QEMU, qemu-img) writes it.");
    private final Value<String> cache = option("-t", "CACHE", String.class,
            "How the target's writes reach the disk: writeback (default: the target is on the disk when convert "
            + "returns), none (the same, written past the page cache with O_DIRECT where the file system allows "
            + "it), writethrough (each write durable), directsync (both), or unsafe (no fsync at all, qemu-img "
            + "convert's default).",
            b -> b.defaultValue("writeback"));
    private final Value<String> srcCache = option("-T", "CACHE", "Cache mode of the source (accepted; reads use the page cache).");
    private final Value<List<Path>> files = parameters("FILE", Path.class, "2", "Source and target.");

    ConvertCmd() {
        super("convert", "Convert an image to another format or layout.");
    }

    @Override
    public Integer call() {
        String srcFormat = this.srcFormat.get(), dstFormat = this.dstFormat.get(), sparse = this.sparse.get();
        String backing = this.backing.get(), backingFormat = this.backingFormat.get();
        boolean compress = this.compress.get(), progress = this.progress.get(), quiet = this.quiet.get();
        boolean noCreate = this.noCreate.get();
        boolean forceShare = this.forceShare.get();
        int workers = this.workers.get();
        List<String> options = this.options.get();
        List<Path> files = this.files.get();
        String cacheMode = this.cache.get(), srcCacheMode = this.srcCache.get();
        String given = this.snapshot.get();
        String snapshot = given != null && given.startsWith("snapshot.name=")
                ? given.substring("snapshot.name=".length()) : given;
        return ImgSupport.run(spec(), (out, err) -> {
            Path src = files.get(0);
            Path dst = files.get(1);
            WriteCache cache = WriteCache.parse(cacheMode);
            if (srcCacheMode != null) {
                WriteCache.parse(srcCacheMode);
            }
            ImageFormat of = ImageFormat.parse(dstFormat);
            // qemu-img convert reads its sources with BDRV_O_NO_SHARE: nobody may write them meanwhile
            Images.OpenOptions so = Images.OpenOptions.of(true).withFormat(ImgSupport.format(srcFormat))
                    .withAccess(ImageAccess.read().withNoShare().withForceShare(forceShare));
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
                        Math.max(1, workers), cache);
                Converter.convert(in, dst, of, co, ProgressPrinter.of(progress && !quiet, out));
            }
            return 0;
        }, 1, refused -> {
            // the target and its backing file are written or opened for it: -U reads sources only
            Path dst = files.get(1);
            boolean target = ImgSupport.same(refused, dst)
                    || backing != null && ImgSupport.same(refused, Qcow2Backing.resolve(dst, backing));
            return target ? InUse.Advice.WRITE : ImgSupport.reading(forceShare).advise(refused);
        });
    }
}
