package io.jvirt.cli.live;

import io.jvirt.api.ChangeScope;
import io.jvirt.cli.support.ClientVerb;
import picocli.CommandLine.ParameterException;

/**
 * Base of the verbs that change a domain: the DOMAIN parameter and virsh's {@code --config},
 * {@code --live}, {@code --current} flags (and {@code --persistent} where virsh has it), which
 * turn into a {@link ChangeScope}; virsh's exclusions are checked before anything is sent.
 */
abstract class LiveVerb extends ClientVerb {
    protected final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Flag persistent;
    private final Flag config = flag("--config", "Affect the persistent definition (the next start).");
    private final Flag live = flag("--live", "Affect the running domain.");
    private final Flag current = flag("--current", "Affect the domain as it is now: running or not (the default).");

    /**
     * @param withPersistent whether the verb has virsh's {@code --persistent} (the persistent
     *     definition, and the running domain when it runs)
     */
    LiveVerb(String name, String description, boolean withPersistent) {
        super(name, description);
        persistent = withPersistent
                ? flag("--persistent", "Affect the persistent definition, and the running domain when it runs.")
                : null;
    }

    /** The scope the flags ask for; virsh's exclusions ({@code --current} goes alone). */
    protected final ChangeScope scope() {
        boolean p = persistent != null && persistent.get();
        exclusive(p, "--persistent", current.get(), "--current");
        exclusive(current.get(), "--current", live.get(), "--live");
        exclusive(current.get(), "--current", config.get(), "--config");
        return new ChangeScope(live.get(), config.get(), p);
    }

    /** Whether {@code --config} was given. */
    protected final boolean config() {
        return config.get();
    }

    /** Whether {@code --live} was given. */
    protected final boolean live() {
        return live.get();
    }

    /** virsh's "Options --a and --b are mutually exclusive". */
    protected final void exclusive(boolean a, String aName, boolean b, String bName) {
        if (a && b) {
            throw new ParameterException(spec().commandLine(), "Options " + aName + " and " + bName
                    + " are mutually exclusive");
        }
    }

    /**
     * Ends a verb virsh runs silently: the value as JSON with {@code --json}, else the empty line
     * virsh ends every command's output with.
     */
    protected final int silent(Object value) throws Exception {
        if (json()) {
            printJson(value);
        } else {
            out().println();
            out().flush();
        }
        return 0;
    }

    /** A bad value of an argument, reported as virsh reports one (exit status 2). */
    protected final ParameterException bad(String message) {
        return new ParameterException(spec().commandLine(), message);
    }
}
