package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;

/**
 * Which definitions a change of a domain affects, as libvirt's {@code VIR_DOMAIN_AFFECT_*}
 * flags and virsh's {@code --live}, {@code --config}, {@code --current} and {@code --persistent}
 * say it: the running machine and its live definition, the persistent definition, or both.
 * Neither flag means "current": the live one while the domain runs, else the persistent one.
 * {@code persistent} is the persistent definition, and the running machine too when it runs.
 *
 * @param live change the running machine
 * @param config change the persistent definition
 * @param persistent change the persistent definition, and the running machine when there is one
 */
public record Affect(boolean live, boolean config, boolean persistent) {
    /** The domain's current state only ({@code --current}, or no flag). */
    public static final Affect CURRENT = new Affect(false, false, false);

    /** {@code --live}. */
    public static final Affect LIVE = new Affect(true, false, false);

    /** {@code --config}. */
    public static final Affect CONFIG = new Affect(false, true, false);

    /**
     * What a change resolved against a domain touches.
     *
     * @param live the running machine and its live definition
     * @param config the persistent definition
     */
    record Target(boolean live, boolean config) { }

    /**
     * Resolves the flags for {@code obj} as libvirt does, refusing a live change of a domain that
     * is not running and a persistent change of a transient domain.
     */
    Target resolve(DomainObj obj) {
        boolean active = obj.status().active() && obj.liveDef() != null;
        boolean l = live || (persistent && active);
        boolean c = config || persistent;
        if (!l && !c) {
            if (active) {
                l = true;
            } else {
                c = true;
            }
        }
        if (l && !active) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name()
                    + "' is not running, so there is no live definition to change; use --config to change its "
                    + "persistent definition.");
        }
        if (c && !obj.persistent()) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name()
                    + "' is transient and has no persistent definition; leave out --config (or define it first).");
        }
        return new Target(l, c);
    }

    /** The flags as a phrase for messages: "the live definition", "the persistent definition" or both. */
    static String describe(Target t) {
        return t.live() && t.config() ? "the running domain and its persistent definition"
                : t.live() ? "the running domain" : "the persistent definition";
    }
}
