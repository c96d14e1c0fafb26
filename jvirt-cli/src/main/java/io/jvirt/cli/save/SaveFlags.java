package io.jvirt.cli.save;

import io.jvirt.cli.support.Verb;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiFunction;

/** virsh's --bypass-cache, --running and --paused of save, restore, managedsave and save-image-define. */
final class SaveFlags {
    private final Verb.Flag bypassCache;
    private final Verb.Flag running;
    private final Verb.Flag paused;

    SaveFlags(BiFunction<String, String, Verb.Flag> flag, boolean cache) {
        bypassCache = cache ? flag.apply("--bypass-cache", "Write or read the memory image past the "
                + "host's page cache (O_DIRECT).") : null;
        running = flag.apply("--running", "Run the guest after the restore.");
        paused = flag.apply("--paused", "Leave the guest paused after the restore.");
    }

    Set<String> given() {
        Set<String> out = new LinkedHashSet<>();
        if (bypassCache != null && bypassCache.get()) {
            out.add("bypass-cache");
        }
        if (running.get()) {
            out.add("running");
        }
        if (paused.get()) {
            out.add("paused");
        }
        return out;
    }
}
