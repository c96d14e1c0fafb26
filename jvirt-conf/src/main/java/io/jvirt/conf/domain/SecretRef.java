package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.UUID;

/**
 * A reference to a libvirt secret object, by UUID or by usage name: what {@code <auth><secret>}
 * and {@code <encryption><secret>} name. The secret's value lives in a secret store, never in
 * the domain definition.
 *
 * @param uuid the secret's UUID, or null
 * @param usage the secret's usage name, or null
 */
public record SecretRef(UUID uuid, String usage) {
    /** Exactly one of the two. */
    public SecretRef {
        if ((uuid == null) == (usage == null)) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "A <secret> must name its secret by exactly one of 'uuid' or 'usage'.");
        }
        Checks.noControl(usage, "The secret usage");
    }

    /** Returns the reference in words, for messages: {@code uuid 1a2b...} or {@code usage 'name'}. */
    public String describe() {
        return uuid != null ? "with UUID " + uuid : "with usage '" + usage + "'";
    }
}
