package io.jvirt.cli.support;

import io.jvirt.api.Json;
import io.jvirt.client.JvirtClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of every command that talks to jvirtd: connection and {@code --json} options, output
 * through the command's own writers (so tests capture it). Failures are thrown and turned
 * into {@code error: ...} by the one exception handler in {@code Main}.
 */
public abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    protected ConnectionOptions connection;

    @Option(names = "--json", description = "Print the result as JSON.")
    protected boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        beforeConnect();
        try (JvirtClient client = DaemonLauncher.connect(connection)) {
            return run(client);
        }
    }

    /** Work that must happen before the daemon is contacted (or auto-started); nothing by default. */
    protected void beforeConnect() throws Exception {
    }

    /** Runs the command against a connected client; returns the exit code. */
    protected abstract int run(JvirtClient client) throws Exception;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

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

    /** Prints an XML document, ending it with a newline, or it wrapped in JSON with {@code --json}. */
    protected void printXml(String xml) throws Exception {
        if (json) {
            printJson(java.util.Map.of("xml", xml));
        } else {
            out().print(xml.endsWith("\n") ? xml : xml + "\n");
            out().flush();
        }
    }

    /** Prints the human message, or the value as JSON with {@code --json}. */
    protected int report(Object value, String message) throws Exception {
        if (json) {
            printJson(value);
        } else {
            out().println(message);
            out().println();
            out().flush();
        }
        return 0;
    }
}
