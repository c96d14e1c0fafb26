package io.jvirt.cli.img;

import io.jvirt.image.ops.ChainEdits;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvirt img rebase}: change the backing file, safely (copying differences) or with -u. */
@Command(name = "rebase", mixinStandardHelpOptions = true, description = "Change the backing file of an image.")
final class RebaseCmd implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Option(names = "-f", description = "Image format.")
    String format;
    @Option(names = "-b", required = true, description = "New backing file (\"\" for none).")
    String backing;
    @Option(names = "-F", description = "New backing file format.")
    String backingFormat;
    @Option(names = "-u", description = "Unsafe: only rewrite the backing file name.")
    boolean unsafe;
    @Option(names = "-p", description = "Show progress.")
    boolean progress;
    @Option(names = "-q", description = "Quiet.")
    boolean quiet;
    @Option(names = {"-t", "-T"}, description = "Cache mode (accepted, ignored).")
    String cache;
    @Option(names = {"-U", "--force-share"}, description = "Accepted for compatibility.")
    boolean forceShare;
    @Parameters(index = "0", description = "Image file.")
    Path file;

    @Override
    public Integer call() {
        return ImgSupport.run(spec, (out, err) -> {
            ChainEdits.rebase(file, backing, ImgSupport.format(backingFormat), unsafe,
                    ProgressPrinter.of(progress && !quiet, out));
            return 0;
        }, 1);
    }
}
