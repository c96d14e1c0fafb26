package io.jvirt.cli.support;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerbTest {
    /** A verb using every kind of handle; {@code call} records what it saw. */
    static final class Sample extends Verb {
        final Flag all = flag("-a, --all", "All.");
        final Value<String> format = option("-f, --format", "FMT", "Format.");
        final Value<Integer> count = option("--count", "N", Integer.class, "Count.", b -> b.defaultValue("3"));
        final Value<List<String>> opts = repeatable("-o", "OPT", String.class, "Options.");
        final Value<String> name = parameter("NAME", "Name.");
        final Value<Path> file = optionalParameter("FILE", Path.class, "File.");
        String seen;

        Sample() {
            super("sample", "A sample verb.");
        }

        @Override
        public Integer call() {
            seen = all.get() + " " + format.get() + " " + count.get() + " " + opts.get() + " " + name.get()
                    + " " + file.get() + " " + format.given();
            return 0;
        }
    }

    static final class Rest extends Verb {
        final Value<List<Path>> files = parameters("FILE", Path.class, "2", "Files.");

        Rest() {
            super("rest", "Two files.");
        }

        @Override
        public Integer call() {
            return files.get().size();
        }
    }

    @Test
    void parsesEveryKindOfHandle() {
        Sample s = new Sample();
        int rc = new CommandLine(s.spec()).execute("--all", "-f", "qcow2", "-o", "a=1", "-o", "b=2", "vm1", "/x.img");
        assertThat(rc).isZero();
        assertThat(s.seen).isEqualTo("true qcow2 3 [a=1, b=2] vm1 /x.img true");
    }

    @Test
    void absentValuesAreFalseNullOrEmpty() {
        Sample s = new Sample();
        assertThat(new CommandLine(s.spec()).execute("--count", "7", "vm1")).isZero();
        assertThat(s.seen).isEqualTo("false null 7 [] vm1 null false");
    }

    @Test
    void missingRequiredParameterIsAUsageError() {
        Sample s = new Sample();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(s.spec());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--all")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'NAME'");
        assertThat(s.seen).isNull();
    }

    @Test
    void listParameterTakesItsArity() {
        Rest r = new Rest();
        CommandLine cl = new CommandLine(r.spec());
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("a", "b")).isEqualTo(2);
        assertThat(cl.execute("a")).isEqualTo(2); // usage error: exit code 2 as well, nothing ran
        assertThat(cl.execute("a", "b", "c")).isEqualTo(2);
    }

    @Test
    void helpListsDeclaredOptions() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Sample().spec());
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
        assertThat(out.toString()).contains("Usage: sample", "-a, --all", "-f, --format=FMT", "NAME", "A sample verb.");
    }
}
