package io.jvirt.cli.storage;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import java.util.EnumMap;
import java.util.Map;

/**
 * Base of {@code pool-define-as} and {@code pool-create-as}: virsh's NAME, TYPE, {@code --print-xml}
 * and the options of {@link PoolArg}. virsh's other forms ({@code --name}, {@code --type}, the
 * options given by position after NAME and TYPE) are turned into these by {@code VirshArguments}
 * from libvirt's option table. The arguments are checked ({@link PoolSpec}) before jvirtd is
 * contacted.
 */
abstract class PoolAsVerb extends ClientVerb {
    private final Value<String> name = parameter("NAME", "The pool's name.");
    private final Value<String> type = parameter("TYPE", "The pool's type: dir or fs.");
    private final Flag printXml = flag("--print-xml", "Print the pool XML and do nothing else.");
    private final Map<PoolArg, Value<String>> options = declareOptions();
    private PoolSpec spec;

    PoolAsVerb(String name, String description) {
        super(name, description);
    }

    private Map<PoolArg, Value<String>> declareOptions() {
        Map<PoolArg, Value<String>> out = new EnumMap<>(PoolArg.class);
        for (PoolArg a : PoolArg.values()) {
            out.put(a, option(a.option(), a.label(), a.description()));
        }
        return out;
    }

    /** Checks the verb's own options before the arguments are read; nothing by default. */
    void checkOptions() {
    }

    @Override
    protected final void beforeConnect() {
        checkOptions();
        Map<PoolArg, String> named = new EnumMap<>(PoolArg.class);
        options.forEach((arg, value) -> {
            if (value.get() != null) {
                named.put(arg, value.get());
            }
        });
        spec = PoolSpec.of(name.get(), type.get(), named);
    }

    @Override
    protected final int run(JvirtClient client) throws Exception {
        if (printXml.get()) {
            printXml(spec.xml());
            return 0;
        }
        return make(client, spec);
    }

    /** Defines or creates the pool; returns the exit code. */
    abstract int make(JvirtClient client, PoolSpec spec) throws Exception;
}
