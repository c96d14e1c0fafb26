package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import io.jvirt.image.ops.ChainEdits;
import io.jvirt.image.qcow2.Qcow2Backing;
import java.nio.file.Path;

/** {@code jvirt img rebase}: change the backing file, safely (copying differences) or with -u. */
final class RebaseCmd extends Verb {

    private final Value<String> format = option("-f", "FMT", "Image format.");
    private final Value<String> backing = option("-b", "FILE", String.class, "New backing file (\"\" for none).",
            b -> b.required(true));
    private final Value<String> backingFormat = option("-F", "FMT", "New backing file format.");
    private final Flag unsafe = flag("-u", "Unsafe: only rewrite the backing file name.");
    private final Flag progress = flag("-p", "Show progress.");
    private final Flag quiet = flag("-q", "Quiet.");
    private final Value<String> cache = option("-t, -T", "CACHE", "Cache mode (accepted, ignored).");
    private final Flag forceShare = flag("-U, --force-share",
            "Read the new backing file even while another process (QEMU, qemu-img) writes it.");
    private final Value<Path> file = parameter("FILE", Path.class, "Image file.");

    RebaseCmd() {
        super("rebase", "Change the backing file of an image.");
    }

    @Override
    public Integer call() {
        String backing = this.backing.get(), backingFormat = this.backingFormat.get();
        boolean unsafe = this.unsafe.get(), progress = this.progress.get(), quiet = this.quiet.get();
        boolean forceShare = this.forceShare.get();
        Path file = this.file.get();
        return ImgSupport.run(spec(), (out, err) -> {
            ChainEdits.rebase(file, backing, ImgSupport.format(backingFormat), unsafe, forceShare,
                    ProgressPrinter.of(progress && !quiet, out));
            return 0;
        }, 1, refused -> !unsafe && !backing.isEmpty() && ImgSupport.same(refused, Qcow2Backing.resolve(file, backing))
                ? ImgSupport.reading(forceShare).advise(refused) : InUse.Advice.WRITE);
    }
}
