package io.jvirt.cli.snapshot;

import io.jvirt.api.ErrorCode;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Base of the snapshot verbs that name one snapshot: {@code DOMAIN [SNAPSHOT] [--current]},
 * where {@code --current} stands for the domain's current snapshot (as virsh).
 */
abstract class SnapshotVerb extends ClientVerb {
    protected final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> snapshot = optionalParameter("SNAPSHOT", String.class, "The snapshot's name.");
    private final Flag current = flag("--current", "The domain's current snapshot.");

    protected SnapshotVerb(String name, String description) {
        super(name, description);
    }

    /** The snapshot the user named, or the current one with {@code --current}. */
    protected final String snapshotName(JvirtClient client) {
        if (snapshot.get() != null && current.get()) {
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT,
                    "Give a snapshot name or --current, not both.");
        }
        if (snapshot.get() != null) {
            return snapshot.get();
        }
        if (!current.get()) {
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, "Give a snapshot name or --current.");
        }
        return client.snapshots().current(domain.get()).name();
    }

    /** The flags whose option was given, by their names without dashes. */
    protected static Set<String> given(Object... flagAndName) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < flagAndName.length; i += 2) {
            if (((Flag) flagAndName[i]).get()) {
                out.add((String) flagAndName[i + 1]);
            }
        }
        return out;
    }
}
