package io.jvirt.cli.support;

import io.jvirt.api.Json;
import io.jvirt.client.JvirtClient;
import java.util.Map;

/**
 * Base of every verb that talks to jvirtd: the {@code -c/--connect} and {@code --json} options
 * and output helpers. Failures are thrown and turned into {@code error: ...} by the one
 * exception handler in {@code Main}.
 */
public abstract class ClientVerb extends Verb {
    private final Value<String> connect = option("-c, --connect", "SOCKET|URI",
            "jvirtd's API socket, or qemu:///system for the default one (default: $JVIRT_SOCKET, else "
                    + "$LIBVIRT_DEFAULT_URI, else /run/jvirt/jvirtd.sock for root).");
    private final Flag json = flag("--json", "Print the result as JSON.");

    protected ClientVerb(String name, String description) {
        super(name, description);
    }

    @Override
    public final Integer call() throws Exception {
        beforeConnect();
        Integer offline = withoutDaemon();
        if (offline != null) {
            return offline;
        }
        try (JvirtClient client = DaemonLauncher.connect(connection())) {
            return run(client);
        }
    }

    /** The connection the user asked for. */
    protected final ConnectionOptions connection() {
        return new ConnectionOptions(connect.get());
    }

    /**
     * One kind of virsh's list filters ({@code --persistent}/{@code --transient},
     * {@code --autostart}/{@code --no-autostart}): {@code yes} keeps what has the property,
     * {@code no} what has not, both or neither keep everything.
     */
    protected static boolean keeps(boolean yes, boolean no, boolean has) {
        return yes == no || has == yes;
    }

    /** True with {@code --json}. */
    protected final boolean json() {
        return json.get();
    }

    /** Work that must happen before the daemon is contacted (or auto-started); nothing by default. */
    protected void beforeConnect() throws Exception {
    }

    /**
     * Does the whole command when what the user asked needs no daemon (such as {@code event
     * --list}) and returns its exit code; null, the default, to connect and {@link #run}.
     */
    protected Integer withoutDaemon() throws Exception {
        return null;
    }

    /** Runs the command against a connected client; returns the exit code. */
    protected abstract int run(JvirtClient client) throws Exception;

    /** Prints {@code value} as pretty JSON. */
    protected void printJson(Object value) throws Exception {
        out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        out().flush();
    }

    /** Prints a table and the empty line virsh ends it with. */
    protected void print(Table table) {
        StringBuilder sb = new StringBuilder();
        table.render(sb);
        sb.append('\n');
        out().print(sb);
        out().flush();
    }

    /** Prints a key/value listing and the empty line virsh ends it with. */
    protected void print(KeyValues kv) {
        out().print(kv);
        out().println();
        out().flush();
    }

    /**
     * Declares virsh's {@code --xpath EXPRESSION} and {@code --wrap} for a verb that prints a
     * document; the verb prints {@code xpath.apply(xml)}.
     */
    protected final XpathOptions xpathOptions() {
        return new XpathOptions(option("--xpath", "EXPRESSION",
                "Print only the nodes this XPath expression matches (//disk/source/@file)."),
                flag("--wrap", "With --xpath, print the matching nodes inside one <nodes> element."));
    }

    /** A verb's {@code --xpath} and {@code --wrap}. */
    protected static final class XpathOptions {
        private final Value<String> xpath;
        private final Flag wrap;

        private XpathOptions(Value<String> xpath, Flag wrap) {
            this.xpath = xpath;
            this.wrap = wrap;
        }

        /** The document, or the nodes {@code --xpath} matches in it. */
        public String apply(String xml) {
            return xpath.get() == null ? xml : XpathQuery.apply(xml, xpath.get(), wrap.get());
        }
    }

    /** Prints an XML document, ending it with a newline, or it wrapped in JSON with {@code --json}. */
    protected void printXml(String xml) throws Exception {
        if (json()) {
            printJson(Map.of("xml", xml));
        } else {
            out().print(xml.isEmpty() || xml.endsWith("\n") ? xml : xml + "\n"); // --xpath matched nothing: nothing
            out().flush();
        }
    }

    /** Prints the human message (nothing with {@code -q}), or the value as JSON with {@code --json}. */
    protected int report(Object value, String message) throws Exception {
        if (json()) {
            printJson(value);
        } else if (!quiet()) { // virsh -q leaves out what it prints with vshPrintExtra
            out().println(message);
            out().println();
            out().flush();
        }
        return 0;
    }
}
