package io.jvirt.it.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A committed list of corpus files that must keep passing a check: a file on the list that fails
 * is a regression (the test fails); a file that passes but is not on the list is progress (the test
 * reports it and asks for the list to be updated). Run with {@code -Djvirt.corpus.update=true} to
 * rewrite the list with what passes now.
 *
 * <p>Format: {@code #} comment lines, then one {@code NAME.xml} per line; anything after a tab is a
 * note and ignored.
 *
 * @param path the list file
 * @param files the files on it
 */
record Ratchet(Path path, SortedSet<String> files) {

    /** Whether the test should rewrite the lists instead of checking them. */
    static boolean updating() {
        return Boolean.getBoolean("jvirt.corpus.update");
    }

    /** Reads a list; a missing file is an empty list. */
    static Ratchet read(Path path) throws IOException {
        return new Ratchet(path, readNames(path));
    }

    /** Reads the file names of a list file ({@code #} comments skipped, text after a tab ignored). */
    static SortedSet<String> readNames(Path path) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        if (!Files.exists(path)) {
            return names;
        }
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            String name = line.split("\t", 2)[0].strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        return names;
    }

    /** The listed files that do not pass now. */
    List<String> regressions(Set<String> passing) {
        return files.stream().filter(f -> !passing.contains(f)).toList();
    }

    /** The passing files the list does not name yet. */
    List<String> newPasses(Set<String> passing) {
        return passing.stream().filter(f -> !files.contains(f)).sorted().toList();
    }

    /** Writes {@code passing} as the new list, under the given comment lines. */
    void write(List<String> header, Set<String> passing) throws IOException {
        List<String> lines = new ArrayList<>();
        header.forEach(h -> lines.add("# " + h));
        lines.addAll(new TreeSet<>(passing));
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.write(path, lines, StandardCharsets.UTF_8);
    }

    /**
     * Describes progress for the summary: how many new passes, and how to record them.
     *
     * @param passing the files passing now
     * @return a paragraph, or an empty string when the list is up to date
     */
    String progressNote(Set<String> passing) {
        List<String> fresh = newPasses(passing);
        if (fresh.isEmpty()) {
            return "";
        }
        return fresh.size() + " file(s) now pass but are not in " + path + "; update the list (run the test with "
                + "-Djvirt.corpus.update=true, or add them by hand): " + String.join(" ", fresh);
    }
}
