package io.jvirt.cli.img;

import io.jvirt.cli.support.Verb;
import io.jvirt.image.ops.ChainEdits;
import java.nio.file.Path;

/** {@code jvirt img commit}: write an overlay's changes into its backing file. */
final class CommitCmd extends Verb {

    private final Value<String> format = option("-f", "FMT", "Image format.");
    private final Flag keep = flag("-d", "Keep the overlay's data (do not empty it).");
    private final Flag progress = flag("-p", "Show progress.");
    private final Flag quiet = flag("-q", "Quiet.");
    private final Value<String> cache = option("-t", "CACHE", "Cache mode (accepted, ignored).");
    private final Value<Path> file = parameter("FILE", Path.class, "Image file.");

    CommitCmd() {
        super("commit", "Commit an image's changes into its backing file.");
    }

    @Override
    public Integer call() {
        String format = this.format.get();
        boolean keep = this.keep.get(), progress = this.progress.get(), quiet = this.quiet.get();
        Path file = this.file.get();
        return ImgSupport.run(spec(), (out, err) -> {
            ChainEdits.commit(file, ImgSupport.format(format), keep, ProgressPrinter.of(progress && !quiet, out));
            if (!quiet) {
                out.println("Image committed.");
            }
            return 0;
        }, 1, ImgSupport.writing());
    }
}
