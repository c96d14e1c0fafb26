package io.jvirt.cli.install;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into words as a POSIX shell does (and Python's {@code shlex.split}, which
 * virt-install uses for {@code --qemu-commandline}): blanks separate words, single quotes keep
 * everything, double quotes keep all but a backslash before {@code " \ $ `}, and a backslash
 * outside quotes keeps the next character.
 */
final class ShellWords {
    private ShellWords() {
    }

    /**
     * Splits {@code text}.
     *
     * @param text the text
     * @return the words, or null when a quote is not closed
     */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                    cur.append(text.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    words.add(cur.toString());
                    cur = null;
                }
            } else {
                cur = cur == null ? new StringBuilder() : cur;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < text.length()) {
                    cur.append(text.charAt(++i));
                } else {
                    cur.append(c);
                }
            }
        }
        if (quote != 0) {
            return null;
        }
        if (cur != null) {
            words.add(cur.toString());
        }
        return words;
    }
}
