package io.jvirt.it;

import io.jvirt.cli.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs jvirt CLI commands in-process against a daemon socket and captures their output. */
final class Cli {
    record Result(int exit, String out, String err) { }

    private Cli() {
    }

    static Result run(Path socket, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.isEmpty() && !all.getFirst().equals("img")) {
            all.add(1, "--connect");
            all.add(2, socket.toString());
        }
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        // as jvirt's main does: virsh's argument forms become jvirt's before parsing
        int rc = cl.execute(Main.virshForms(cl, all.toArray(String[]::new)));
        return new Result(rc, out.toString(), err.toString());
    }
}
