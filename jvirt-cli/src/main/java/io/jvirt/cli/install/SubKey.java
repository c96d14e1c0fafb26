package io.jvirt.cli.install;

import java.util.List;
import java.util.Set;

/**
 * One sub-option of a virt-install style option and how its value is read: its names (the first
 * is the one messages use, the others are older spellings virt-install still takes) and its
 * conversion. Reading a key takes its last value from a {@link SubOptions} and, when the value
 * does not convert, adds a whole-sentence problem and yields null, so that every bad value of a
 * command line is reported at once.
 *
 * @param <T> the converted value's type
 */
sealed interface SubKey<T> permits SubKey.Text, SubKey.YesNo, SubKey.Number, SubKey.Choice {
    /** Returns the names, the one messages use first. */
    List<String> names();

    /**
     * Takes this key's value.
     *
     * @param o the option's sub-options
     * @param p where a bad value is reported
     * @return the converted value, or null when it was not given or is bad
     */
    T read(SubOptions o, Problems p);

    /**
     * A value taken as it is.
     *
     * @param names the key's names
     */
    record Text(List<String> names) implements SubKey<String> {
        @Override
        public String read(SubOptions o, Problems p) {
            return o.get(names.toArray(String[]::new));
        }
    }

    /**
     * A yes/no value (yes, no, on, off, true, false, 1, 0).
     *
     * @param names the key's names
     */
    record YesNo(List<String> names) implements SubKey<Boolean> {
        @Override
        public Boolean read(SubOptions o, Problems p) {
            return o.bool(p, names.toArray(String[]::new));
        }
    }

    /**
     * A whole number within bounds.
     *
     * @param min the smallest value taken
     * @param max the largest value taken
     * @param names the key's names
     */
    record Number(long min, long max, List<String> names) implements SubKey<Long> {
        @Override
        public Long read(SubOptions o, Problems p) {
            return o.number(p, min, max, names.toArray(String[]::new));
        }
    }

    /**
     * A value that must be one of a set.
     *
     * @param allowed the values taken
     * @param names the key's names
     */
    record Choice(Set<String> allowed, List<String> names) implements SubKey<String> {
        @Override
        public String read(SubOptions o, Problems p) {
            return o.oneOf(p, allowed, names.toArray(String[]::new));
        }
    }

    /** A text key. */
    static Text text(String... names) {
        return new Text(List.of(names));
    }

    /** A yes/no key. */
    static YesNo yesNo(String... names) {
        return new YesNo(List.of(names));
    }

    /** A whole-number key within {@code [min, max]}. */
    static Number number(long min, long max, String... names) {
        return new Number(min, max, List.of(names));
    }

    /** A key whose value must be one of {@code allowed}. */
    static Choice oneOf(Set<String> allowed, String... names) {
        return new Choice(allowed, List.of(names));
    }
}
