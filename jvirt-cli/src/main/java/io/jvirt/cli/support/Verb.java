package io.jvirt.cli.support;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

/**
 * Base of every jvirt command. A verb declares its name, options and parameters in code,
 * through the typed handles below, instead of with picocli's annotations: picocli then builds
 * its model without reflection. Annotations cost a CLI start ~60 ms (each annotation type
 * becomes a dynamic proxy class and every field a method handle, none of which an AOT cache
 * can hold); declarations in code cost a few milliseconds.
 *
 * <p>Handles are fields initialised in declaration order, for example
 * <pre>{@code
 * private final Flag all = flag("--all", "Include inactive domains.");
 * private final Value<String> domain = parameter("DOMAIN", "Domain name, id or UUID.");
 * }</pre>
 * and are read in {@link #call()} with {@code all.get()} and {@code domain.get()}.
 */
public abstract class Verb implements Callable<Integer> {
    /**
     * picocli converts paths by reflection (it supports Java 5), which spins method handles at
     * every start; a plain converter costs nothing.
     */
    private static final CommandLine.ITypeConverter<Path> PATH = Path::of;

    private static volatile boolean quiet;
    private final CommandSpec spec;
    private int nextIndex;

    /** A verb named {@code name}, described by {@code description} in help, with {@code -h/--help}. */
    protected Verb(String name, String description) {
        spec = CommandSpec.wrapWithoutInspection(this);
        spec.name(name);
        spec.usageMessage().description(description);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
    }

    /** This verb's picocli model. */
    public final CommandSpec spec() {
        return spec;
    }

    /** Leaves this verb out of the help listing. */
    protected final void hide() {
        spec.usageMessage().hidden(true);
    }

    /** Adds a nested verb (as {@code img create} under {@code img}). */
    protected final void subcommand(Verb verb) {
        spec.addSubcommand(verb.spec().name(), new CommandLine(verb.spec()));
    }

    /** Turns on virsh's quiet output ({@code jvirt -q VERB}): no table headers, no confirmations. */
    public static void setQuiet(boolean on) {
        quiet = on;
    }

    /** Whether {@code -q} asked for quiet output. */
    public static boolean quiet() {
        return quiet;
    }

    /** Standard output of the command line running this verb (tests capture it). */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error of the command line running this verb. */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A boolean option; {@code names} is one or more names separated by ", " ({@code "-a, --all"}). */
    protected final Flag flag(String names, String description) {
        OptionSpec o = OptionSpec.builder(split(names)).type(boolean.class).arity("0")
                .description(description).build();
        spec.addOption(o);
        return new Flag(o);
    }

    /** A string-valued option. */
    protected final Value<String> option(String names, String label, String description) {
        return option(names, label, String.class, description, b -> { });
    }

    /** An option converted to {@code type} (any type picocli converts: numbers, Path, enums...). */
    protected final <T> Value<T> option(String names, String label, Class<T> type, String description) {
        return option(names, label, type, description, b -> { });
    }

    /** An option with further settings ({@code defaultValue}, {@code required}, {@code hidden}...). */
    protected final <T> Value<T> option(String names, String label, Class<T> type, String description,
                                        Consumer<OptionSpec.Builder> tune) {
        OptionSpec.Builder b = OptionSpec.builder(split(names)).paramLabel(label).type(type).description(description);
        b.converters(converters(type));
        tune.accept(b);
        OptionSpec o = b.build();
        spec.addOption(o);
        return new Value<>(o);
    }

    /** An option that may be given several times; the values in command-line order (empty when none). */
    protected final <T> Value<List<T>> repeatable(String names, String label, Class<T> type, String description) {
        OptionSpec.Builder b = OptionSpec.builder(split(names)).paramLabel(label).type(List.class).auxiliaryTypes(type)
                .description(description);
        b.converters(converters(type));
        OptionSpec o = b.build();
        spec.addOption(o);
        return new Value<>(o);
    }

    /** The next positional parameter, required, as a string. */
    protected final Value<String> parameter(String label, String description) {
        return positional(label, String.class, "1", description);
    }

    /** The next positional parameter, required, converted to {@code type}. */
    protected final <T> Value<T> parameter(String label, Class<T> type, String description) {
        return positional(label, type, "1", description);
    }

    /** The next positional parameter, optional ({@code get()} is null when it is missing). */
    protected final <T> Value<T> optionalParameter(String label, Class<T> type, String description) {
        return positional(label, type, "0..1", description);
    }

    /** All remaining positional parameters, {@code arity} of them ({@code "1..*"}, {@code "2"}...). */
    protected final <T> Value<List<T>> parameters(String label, Class<T> type, String arity, String description) {
        PositionalParamSpec.Builder b = PositionalParamSpec.builder().index(nextIndex + "..*").paramLabel(label)
                .type(List.class).auxiliaryTypes(type).arity(arity).required(!arity.startsWith("0"))
                .description(description);
        b.converters(converters(type));
        PositionalParamSpec p = b.build();
        nextIndex = Integer.MAX_VALUE;
        spec.addPositional(p);
        return new Value<>(p);
    }

    private <T> Value<T> positional(String label, Class<T> type, String arity, String description) {
        if (nextIndex == Integer.MAX_VALUE) {
            throw new IllegalStateException("a positional parameter after a list of them in " + spec.name());
        }
        PositionalParamSpec.Builder b = PositionalParamSpec.builder().index(Integer.toString(nextIndex++))
                .paramLabel(label).type(type).arity(arity).required(!arity.startsWith("0")).description(description);
        b.converters(converters(type));
        PositionalParamSpec p = b.build();
        spec.addPositional(p);
        return new Value<>(p);
    }

    /** The converters for values of {@code type}: the plain one for paths (see {@link #PATH}), else picocli's. */
    private static CommandLine.ITypeConverter<?>[] converters(Class<?> type) {
        return type == Path.class ? new CommandLine.ITypeConverter<?>[] {PATH} : new CommandLine.ITypeConverter<?>[0];
    }

    private static String[] split(String names) {
        return names.split(",\\s*");
    }

    /** A boolean option's handle. */
    public static final class Flag {
        private final ArgSpec arg;

        Flag(ArgSpec arg) {
            this.arg = arg;
        }

        /** True when the option was given. */
        public boolean get() {
            return Boolean.TRUE.equals(arg.getValue());
        }
    }

    /** An option's or parameter's handle. */
    public static final class Value<T> {
        private final ArgSpec arg;

        Value(ArgSpec arg) {
            this.arg = arg;
        }

        /** The value given (or the default), null when there is none; an empty list for lists. */
        public T get() {
            T v = arg.getValue();
            if (v == null && arg.type() == List.class) {
                @SuppressWarnings("unchecked")
                T empty = (T) List.of();
                return empty;
            }
            return v;
        }

        /** The value, or {@code fallback} when none was given. */
        public T orElse(T fallback) {
            T v = get();
            return v == null ? fallback : v;
        }

        /** True when the option or parameter appeared on the command line. */
        public boolean given() {
            return !arg.originalStringValues().isEmpty();
        }
    }
}
