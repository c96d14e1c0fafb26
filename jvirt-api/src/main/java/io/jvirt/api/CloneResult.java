package io.jvirt.api;

import java.util.List;

/**
 * What jvirtd made for a clone ({@code POST /v1/clones}), or with {@code print-xml=true} what it
 * would make.
 *
 * @param name the clone's name
 * @param xml the clone's definition (secrets included: only for {@code --print-xml}), or null
 * @param copies the disk images made (or to make), in disk order
 * @param notes lines to tell the user: what was not copied and why
 * @param planMillis how long planning took in the daemon
 */
public record CloneResult(String name, String xml, List<Copy> copies, List<String> notes, long planMillis) {

    /** Copies the lists. */
    public CloneResult {
        copies = copies == null ? List.of() : List.copyOf(copies);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * One new disk image.
     *
     * @param target the disk's target ({@code vda})
     * @param pool the new volume's pool
     * @param volume the new volume's name
     * @param path its file
     * @param mode how it was made: full, nonsparse, reflink or overlay
     * @param millis how long making it took (0 when only planned)
     */
    public record Copy(String target, String pool, String volume, String path, String mode, long millis) {
    }
}
