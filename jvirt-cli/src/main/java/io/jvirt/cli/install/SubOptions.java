package io.jvirt.cli.install;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One value of a virt-install style option, {@code --disk path=/vm/a.qcow2,size=20,bus=virtio}:
 * comma-separated {@code key=value} pairs and bare values, where quotes ({@code '...'} or
 * {@code "..."}) and a backslash keep commas inside a value, as virt-install's shlex-based
 * splitter does. Readers mark what they use; {@link #reportUnused(Problems)} then names every
 * sub-option nobody read, all at once.
 */
final class SubOptions {
    private record Entry(String key, String value, String rawKey) {
    }

    private final String option;
    private final String text;
    private final List<Entry> entries;
    private final boolean[] used;
    /** Entries taken by {@link #getExact}, which the case-blind readers no longer see. */
    private final boolean[] claimed;

    private SubOptions(String option, String text, List<Entry> entries) {
        this.option = option;
        this.text = text;
        this.entries = entries;
        this.used = new boolean[entries.size()];
        this.claimed = new boolean[entries.size()];
    }

    /**
     * Splits {@code text}, the value of {@code option}.
     *
     * @param option the option's name with its dashes, for messages ("--disk")
     * @param text the value
     * @return the parsed value
     */
    static SubOptions parse(String option, String text) {
        List<Entry> entries = new ArrayList<>();
        for (String token : split(text)) {
            int eq = token.indexOf('=');
            if (eq < 0) {
                entries.add(new Entry(null, token, null));
            } else {
                entries.add(new Entry(token.substring(0, eq).toLowerCase(Locale.ROOT), token.substring(eq + 1),
                        token.substring(0, eq)));
            }
        }
        return new SubOptions(option, text, List.copyOf(entries));
    }

    /** Splits on commas outside quotes; quotes are removed and a backslash escapes the next character. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean any = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    cur.append(text.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                cur.append(text.charAt(++i));
                any = true;
            } else if (c == ',') {
                if (any || !cur.isEmpty()) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any || !cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Returns the option's name ("--disk"). */
    String option() {
        return option;
    }

    /** Returns the text as given. */
    String text() {
        return text;
    }

    /** Returns whether nothing at all was given. */
    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Takes the first bare value (one without '='), or null when there is none. */
    String bare() {
        for (int i = 0; i < entries.size(); i++) {
            if (!used[i] && entries.get(i).key() == null) {
                used[i] = true;
                return entries.get(i).value();
            }
        }
        return null;
    }

    /** Takes every bare value left, in order. */
    List<String> bares() {
        List<String> out = new ArrayList<>();
        for (String b = bare(); b != null; b = bare()) {
            out.add(b);
        }
        return out;
    }

    /**
     * Takes an option's main value: the last value of {@code keys} or else the first bare value
     * ({@code --watchdog ib700} is {@code --watchdog model=ib700}), or {@code fallback}.
     */
    String main(String fallback, String... keys) {
        String named = get(keys);
        String b = bare();
        return named != null ? named : b != null ? b : fallback;
    }

    /**
     * Takes an option's main value as {@link #main} does, without a fallback, and adds
     * {@code problem} when it is missing or {@code accepted} refuses it.
     */
    String required(Problems problems, Predicate<String> accepted, String problem, String... keys) {
        String v = main(null, keys);
        if (v == null || !accepted.test(v)) {
            problems.bad(problem);
        }
        return v;
    }

    /** Returns whether {@code key} was given (without taking it). */
    boolean has(String key) {
        return entries.stream().anyMatch(e -> key.equals(e.key()));
    }

    /**
     * Takes the last value of a sub-option spelt exactly {@code rawKey}, case included, for the
     * few names virt-install tells apart by case alone ({@code --memory maxMemory=} against the
     * older {@code maxmemory=}); the other readers then no longer see it.
     */
    String getExact(String rawKey) {
        String value = null;
        for (int i = 0; i < entries.size(); i++) {
            if (rawKey.equals(entries.get(i).rawKey())) {
                used[i] = true;
                claimed[i] = true;
                value = entries.get(i).value();
            }
        }
        return value;
    }

    /** Takes the last value of {@code key} (or of any of its aliases), or null when it was not given. */
    String get(String... keys) {
        String value = null;
        for (int i = 0; i < entries.size(); i++) {
            if (claimed[i]) {
                continue;
            }
            for (String k : keys) {
                if (k.equals(entries.get(i).key())) {
                    used[i] = true;
                    value = entries.get(i).value();
                }
            }
        }
        return value;
    }

    /** Takes a yes/no value (yes, no, on, off, true, false, 1, 0); null when not given. */
    Boolean bool(Problems problems, String... keys) {
        String v = get(keys);
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "on", "true", "1" -> Boolean.TRUE;
            case "no", "off", "false", "0" -> Boolean.FALSE;
            default -> {
                problems.bad("The value '" + v + "' of " + option + " " + keys[0]
                        + " is not a yes/no value; use yes, no, on or off.");
                yield null;
            }
        };
    }

    /** Takes a whole number within bounds; null when not given or bad (then a problem is added). */
    Long number(Problems problems, long min, long max, String... keys) {
        String v = get(keys);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < min || n > max) {
                problems.bad("The value " + n + " of " + option + " " + keys[0] + " is out of range; give a number from "
                        + min + " to " + max + ".");
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.bad("The value '" + v + "' of " + option + " " + keys[0] + " is not a whole number.");
            return null;
        }
    }

    /** Takes a value that must be one of {@code allowed}; null when not given or not allowed (then a problem is added). */
    String oneOf(Problems problems, Set<String> allowed, String... keys) {
        String v = get(keys);
        if (v == null) {
            return null;
        }
        if (!allowed.contains(v)) {
            problems.bad("The value '" + v + "' of " + option + " " + keys[0] + " is not known; use one of "
                    + String.join(", ", new TreeSet<>(allowed)) + ".");
            return null;
        }
        return v;
    }

    /** Adds one problem per sub-option nobody took: unknown names and stray bare values. */
    void reportUnused(Problems problems) {
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            if (!used[i]) {
                Entry e = entries.get(i);
                keys.add(e.key() == null ? e.value() : e.key());
            }
        }
        for (String k : keys) {
            problems.bad("The " + option + " sub-option '" + k + "' is unknown here; see jvirt install --help and "
                    + "virt-install's " + option + " syntax.");
        }
    }
}
