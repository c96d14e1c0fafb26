package io.jvirt.cli.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * virsh's argument forms that picocli does not know, turned into jvirt's before parsing. virsh
 * takes every argument both ways: by position ({@code setmem vm 1G}) and by name ({@code setmem
 * --domain vm --size 1G}, in any order), and options that jvirt declares as {@code --name}
 * by position too ({@code attach-disk vm /img vdb qemu qcow2}). The names and their order per
 * command come from libvirt's own option tables ({@code virsh-positionals.txt}, made by
 * {@code scripts/virsh-positionals.py}). A command line that needs neither is left as it is.
 */
public final class VirshArguments {
    private static final String TABLE = "virsh-positionals.txt";
    private static Map<String, List<String>> table;

    private VirshArguments() {
    }

    /**
     * The arguments of {@code verb} (its spec; {@code args} without the verb) in jvirt's form:
     * named positionals put in their place, extra positionals given their option names.
     */
    public static List<String> rewrite(String verb, CommandSpec spec, List<String> args) {
        List<String> names = null; // virsh's table, read only for a line that may need it
        List<PositionalParamSpec> slots = spec.positionalParameters();
        int n = slots.size();
        boolean varargs = n > 0 && slots.get(n - 1).arity().max > 1;
        List<String> options = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Map<Integer, String> named = new HashMap<>();
        boolean changed = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                values.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!a.startsWith("-") || a.length() == 1 || isNumber(a)) {
                values.add(a);
                continue;
            }
            String key = a;
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                key = a.substring(0, eq);
                inline = a.substring(eq + 1);
            }
            OptionSpec o = spec.findOption(key);
            if (o != null) {
                options.add(a);
                if (inline == null && o.arity().min > 0 && i + 1 < args.size()) {
                    options.add(args.get(++i));
                }
                continue;
            }
            if (a.startsWith("--") && names == null) {
                names = positionals(verb);
            }
            int slot = a.startsWith("--") ? names.indexOf(key.substring(2)) : -1;
            if (slot >= 0 && slot < n && !named.containsKey(slot) && (inline != null || i + 1 < args.size())) {
                named.put(slot, inline != null ? inline : args.get(++i));
                changed = true;
                continue;
            }
            options.add(a); // unknown: picocli says so
        }
        List<String> placed = new ArrayList<>();
        int next = 0;
        for (int slot = 0; slot < n; slot++) {
            if (named.containsKey(slot)) {
                placed.add(named.get(slot));
            } else if (next < values.size()) {
                if (varargs && slot == n - 1) {
                    placed.addAll(values.subList(next, values.size()));
                    next = values.size();
                } else {
                    placed.add(values.get(next++));
                }
            } else if (hasNamedAfter(named, slot)) {
                return args; // a gap before a named one: picocli's own message names what is missing
            } else {
                break;
            }
        }
        // values past jvirt's positionals: virsh's next positional options, if jvirt has them as options
        if (next < values.size() && names == null) {
            names = positionals(verb);
        }
        for (int k = n; names != null && next < values.size() && k < names.size(); k++) {
            OptionSpec o = spec.findOption("--" + names.get(k));
            if (o == null || o.arity().min == 0) {
                break;
            }
            options.add("--" + names.get(k));
            options.add(values.get(next++));
            changed = true;
        }
        if (!changed) {
            return args;
        }
        List<String> out = new ArrayList<>(options);
        out.add("--");
        out.addAll(placed);
        out.addAll(values.subList(next, values.size()));
        return out;
    }

    private static boolean hasNamedAfter(Map<Integer, String> named, int slot) {
        for (int k : named.keySet()) {
            if (k > slot) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String a) {
        return a.length() > 1 && (Character.isDigit(a.charAt(1)) || a.charAt(1) == '.');
    }

    /** virsh's positional options of {@code verb}, in order (empty for a verb virsh does not have). */
    static synchronized List<String> positionals(String verb) {
        if (table == null) {
            table = load();
        }
        return table.getOrDefault(verb, List.of());
    }

    private static Map<String, List<String>> load() {
        Map<String, List<String>> t = new HashMap<>();
        try (InputStream in = VirshArguments.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                return t;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                int colon = line.indexOf(':');
                if (line.startsWith("#") || colon < 0) {
                    continue;
                }
                String rest = line.substring(colon + 1).strip();
                t.put(line.substring(0, colon), rest.isEmpty() ? List.of() : List.of(rest.split(" ")));
            }
        } catch (IOException e) {
            // no table: virsh's named forms are not recognised, jvirt's own still are
        }
        return t;
    }
}
