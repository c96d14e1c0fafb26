package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The declared sub-options of one virt-install option (or of one part of it): rows of a
 * {@link SubKey} and where its value goes in a builder, usually an {@link XmlOut} element.
 * {@link #fill} reads the rows in their declared order (which is the order bad values are
 * reported in) and hands every value given to its row's setter; {@link #read} is the whole
 * reading of an option: split, run the reader, and report every sub-option nobody took. Adding a
 * sub-option is adding a row.
 *
 * @param rows the rows, in reading order
 * @param <B> what the values are set into
 */
record SubTable<B>(List<Row<B, ?>> rows) {
    /**
     * One sub-option and where its value goes.
     *
     * @param key the sub-option
     * @param set what to do with a value that was given and converts
     * @param <B> what the value is set into
     * @param <T> the value's type
     */
    record Row<B, T>(SubKey<T> key, BiConsumer<B, ? super T> set) {
        void fill(SubOptions o, Problems p, B target) {
            T value = key.read(o, p);
            if (value != null) {
                set.accept(target, value);
            }
        }
    }

    SubTable {
        rows = List.copyOf(rows);
    }

    /** Starts a table. */
    static <B> Builder<B> of() {
        return new Builder<>();
    }

    /** Starts a table of rows that each set an attribute or child of an element. */
    static Builder<XmlOut> element() {
        return new Builder<>();
    }

    /**
     * Reads every row into {@code target}: each value given and good goes to its setter, each bad
     * one is reported.
     *
     * @return the target
     */
    B fill(SubOptions o, Problems p, B target) {
        rows.forEach(r -> r.fill(o, p, target));
        return target;
    }

    /**
     * Reads one option value: splits {@code text}, runs {@code reader} over it (which may stop
     * early), then reports every sub-option the reader did not take.
     *
     * @param option the option's name with its dashes ("--rng")
     * @param text the option's value
     * @param p where problems go
     * @param reader what makes of the sub-options
     */
    static void read(String option, String text, Problems p, Consumer<SubOptions> reader) {
        SubOptions o = SubOptions.parse(option, text);
        reader.accept(o);
        o.reportUnused(p);
    }

    /**
     * Reads numbered groups of sub-options ({@code vcpupin0.vcpu=,vcpupin0.cpuset=,vcpupin1.vcpu=...}):
     * for each number from 0 below {@code count}, the table made for it fills a new element, which
     * is kept when anything of it was given.
     *
     * @param element the name of each group's element
     * @param table the rows of one group, by its number
     * @return the elements of the groups given, by number
     */
    static List<XmlOut> numbered(SubOptions o, Problems p, int count, String element,
            IntFunction<SubTable<XmlOut>> table) {
        List<XmlOut> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            XmlOut x = table.apply(i).fill(o, p, XmlOut.element(element));
            if (!x.isEmpty()) {
                out.add(x);
            }
        }
        return out;
    }

    /**
     * Collects rows.
     *
     * @param <B> what the values are set into
     */
    static final class Builder<B> {
        private final List<Row<B, ?>> rows = new ArrayList<>();

        private Builder() {
        }

        /** Adds a row. */
        <T> Builder<B> add(SubKey<T> key, BiConsumer<B, ? super T> set) {
            rows.add(new Row<>(key, set));
            return this;
        }

        /**
         * Adds a text row per name: the sub-option {@code prefix + name} (in lower case, as
         * sub-option names are read) whose value goes to the setter made for the name.
         */
        Builder<B> texts(String prefix, Function<String, ? extends BiConsumer<B, ? super String>> set,
                String... names) {
            for (String n : names) {
                add(SubKey.text(prefix + n.toLowerCase(Locale.ROOT)), set.apply(n));
            }
            return this;
        }

        /** Returns the table. */
        SubTable<B> build() {
            return new SubTable<>(rows);
        }
    }

    /** Sets an attribute of an element. */
    static BiConsumer<XmlOut, Object> attr(String attribute) {
        return (x, v) -> x.attr(attribute, v);
    }

    /** Sets an on/off attribute of an element. */
    static BiConsumer<XmlOut, Boolean> onOff(String attribute) {
        return (x, v) -> x.onOff(attribute, v);
    }

    /** Sets a yes/no attribute of an element. */
    static BiConsumer<XmlOut, Boolean> yesNo(String attribute) {
        return (x, v) -> x.yesNo(attribute, v);
    }

    /** Adds a child element with one attribute, {@code <element attribute='VALUE'/>}. */
    static BiConsumer<XmlOut, Object> child(String element, String attribute) {
        return (x, v) -> x.child(XmlOut.element(element).attr(attribute, v));
    }

    /** Adds a text-only child to an element. */
    static BiConsumer<XmlOut, Object> textChild(String name) {
        return (x, v) -> x.textChild(name, v);
    }
}
