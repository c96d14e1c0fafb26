package io.jvirt.cli.blockjob;

import io.jvirt.cli.support.Verb;

import java.util.List;

/** The verbs of this package, by name, for {@code Main}'s registry. */
public final class BlockJobVerbs {
    /** The names, in help order. */
    public static final List<String> NAMES = List.of("blockcommit", "blockpull", "blockcopy", "blockjob");

    private BlockJobVerbs() {
    }

    /** A new verb object; {@code name} is one of {@link #NAMES}. */
    public static Verb create(String name) {
        return switch (name) {
            case "blockcommit" -> new BlockcommitCommand();
            case "blockpull" -> new BlockpullCommand();
            case "blockcopy" -> new BlockcopyCommand();
            case "blockjob" -> new BlockjobCommand();
            default -> throw new IllegalArgumentException("unknown verb " + name);
        };
    }
}
