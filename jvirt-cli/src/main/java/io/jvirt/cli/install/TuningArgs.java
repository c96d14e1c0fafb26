package io.jvirt.cli.install;

import java.util.List;

/**
 * virt-install's resource tuning options of one {@code jvirt install} command line, as given.
 * Part of {@link InstallArgs}.
 *
 * @param iothreads {@code --iothreads}
 * @param cputune {@code --cputune}
 * @param numatune {@code --numatune}
 * @param memtune {@code --memtune}
 * @param blkiotune {@code --blkiotune}
 * @param memdevs {@code --memdev}
 */
public record TuningArgs(List<String> iothreads, List<String> cputune, List<String> numatune, List<String> memtune,
                         List<String> blkiotune, List<String> memdevs) {

    /** None of these options. */
    public static final TuningArgs NONE = new TuningArgs(null, null, null, null, null, null);

    /** Replaces missing lists with empty ones. */
    public TuningArgs {
        iothreads = iothreads == null ? List.of() : List.copyOf(iothreads);
        cputune = cputune == null ? List.of() : List.copyOf(cputune);
        numatune = numatune == null ? List.of() : List.copyOf(numatune);
        memtune = memtune == null ? List.of() : List.copyOf(memtune);
        blkiotune = blkiotune == null ? List.of() : List.copyOf(blkiotune);
        memdevs = memdevs == null ? List.of() : List.copyOf(memdevs);
    }
}
