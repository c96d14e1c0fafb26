package io.jvirt.cli.img;

import io.jvirt.image.ops.ChainEdits;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvirt img commit}: write an overlay's changes into its backing file. */
@Command(name = "commit", mixinStandardHelpOptions = true, description = "Commit an image's changes into its backing file.")
final class CommitCmd implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Option(names = "-f", description = "Image format.")
    String format;
    @Option(names = "-d", description = "Keep the overlay's data (do not empty it).")
    boolean keep;
    @Option(names = "-p", description = "Show progress.")
    boolean progress;
    @Option(names = "-q", description = "Quiet.")
    boolean quiet;
    @Option(names = {"-t"}, description = "Cache mode (accepted, ignored).")
    String cache;
    @Parameters(index = "0", description = "Image file.")
    Path file;

    @Override
    public Integer call() {
        return ImgSupport.run(spec, (out, err) -> {
            ChainEdits.commit(file, ImgSupport.format(format), keep, ProgressPrinter.of(progress && !quiet, out));
            if (!quiet) {
                out.println("Image committed.");
            }
            return 0;
        }, 1);
    }
}
