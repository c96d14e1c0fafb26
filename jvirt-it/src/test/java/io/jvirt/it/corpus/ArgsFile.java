package io.jvirt.it.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads libvirt's {@code NAME.x86_64-latest.args}: a shell command with one option per line, lines
 * joined by a trailing backslash, values with special characters in single quotes, and environment
 * assignments ({@code LC_ALL=C \}) before the QEMU binary.
 */
final class ArgsFile {

    private ArgsFile() {
    }

    /** The argv (binary first) of an args file, the environment assignments left out. */
    static List<String> argv(String text) {
        List<String> words = words(text);
        int first = 0;
        while (first < words.size() && words.get(first).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            first++;
        }
        return List.copyOf(words.subList(first, words.size()));
    }

    /** Splits shell text into words: single and double quotes, backslash escapes and continuations. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                if (next != '\n') {
                    word.append(next);
                    inWord = true;
                }
                i += 2;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote at offset " + i);
                }
                word.append(text, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(text, i + 1, word);
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static int doubleQuoted(String text, int start, StringBuilder word) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                word.append(text.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated double quote at offset " + (start - 1));
    }
}
