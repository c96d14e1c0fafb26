package io.jvirt.qemu.argv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A command line as one line of shell text, as libvirt's virCommandToString writes it for
 * {@code domxml-to-native}: the environment's assignments first ({@code NAME=value}), then the
 * program and its arguments, separated by spaces; a word with a character a shell would read
 * specially is put in single quotes (a quote inside as {@code '\''}). Pure.
 */
public final class CommandLineText {
    private CommandLineText() {
    }

    /**
     * @param env variables set for the program, in name order
     * @param argv the program and its arguments
     * @return the line, without a line break
     */
    public static String render(Map<String, String> env, List<String> argv) {
        List<String> words = new ArrayList<>();
        new TreeMap<>(env).forEach((k, v) -> words.add(k + "=" + quote(v)));
        for (String a : argv) {
            words.add(quote(a));
        }
        return String.join(" ", words);
    }

    /** The word as a shell reads it back unchanged. */
    static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(CommandLineText::plain)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static boolean plain(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "-_.,:/=@%+".indexOf(c) >= 0;
    }
}
