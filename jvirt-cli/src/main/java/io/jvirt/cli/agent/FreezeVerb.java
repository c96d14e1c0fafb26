package io.jvirt.cli.agent;

import io.jvirt.api.FsCount;
import io.jvirt.client.AgentClient;

import java.util.ArrayList;
import java.util.List;

/** {@code domfsfreeze} and {@code domfsthaw}: mount points as {@code --mountpoint M} options or as words after the domain. */
abstract class FreezeVerb extends AgentVerb {
    private final Value<List<String>> option = repeatable("--mountpoint", "PATH", String.class,
            "A mount point in the guest (repeatable); none means all file systems.");
    private final Value<List<String>> words = parameters("MOUNTPOINT", String.class, "0..*",
            "More mount points.");

    FreezeVerb(String name, String description) {
        super(name, description);
    }

    /** Freezes or thaws; returns how many file systems. */
    abstract int apply(AgentClient client, String domain, List<String> mountpoints);

    /** virsh's sentence for the count. */
    abstract String done(int count);

    @Override
    protected final int run(AgentClient client) throws Exception {
        List<String> mountpoints = new ArrayList<>();
        if (option.get() != null) {
            mountpoints.addAll(option.get());
        }
        if (words.get() != null) {
            mountpoints.addAll(words.get());
        }
        int count = apply(client, domain.get(), mountpoints);
        if (json()) {
            printJson(new FsCount(count));
        } else {
            text(done(count) + "\n");
        }
        return 0;
    }
}
