package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns QEMU's node filenames into host paths. A node opened with options its image does not
 * imply (a backing node given by name, as {@code -blockdev ... backing=} does) reports a
 * pseudo-filename {@code json:{"driver": "qcow2", "file": {"driver": "file", "filename":
 * "/path"}, ...}}; its image's file is the innermost {@code file}'s {@code filename}.
 */
final class QmpFilenames {
    private static final String JSON = "json:";

    private QmpFilenames() {
    }

    /** The host path of {@code name}; {@code name} itself when it is no {@code json:} pseudo-filename or has no file. */
    static String plain(String name) {
        if (name == null || !name.startsWith(JSON)) {
            return name;
        }
        JsonNode n;
        try {
            n = QmpMessages.MAPPER.readTree(name.substring(JSON.length()));
        } catch (JsonProcessingException notJson) {
            return name;
        }
        while (n != null && n.isObject()) {
            JsonNode f = n.get("filename");
            if (f != null && f.isTextual()) {
                return f.asText();
            }
            JsonNode file = n.get("file");
            if (file != null && file.isTextual()) {
                return file.asText();
            }
            n = file;
        }
        return name;
    }
}
