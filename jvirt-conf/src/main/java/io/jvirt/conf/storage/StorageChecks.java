package io.jvirt.conf.storage;

import io.jvirt.conf.common.ConfChecks;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.nio.charset.StandardCharsets;

/** Validation helpers shared by the storage definition records. */
final class StorageChecks {

    /** Longest file name most Linux file systems accept, in bytes. */
    static final int MAX_FILE_NAME_BYTES = 255;

    private static final java.util.regex.Pattern SLASHES = java.util.regex.Pattern.compile("/{2,}");

    private StorageChecks() {
    }

    static <T> T required(T value, String what) {
        return ConfChecks.required(value, what);
    }

    /**
     * Checks an absolute path and returns it without repeated or trailing slashes.
     *
     * @param value the path, or null
     * @param what what the path is, starting with a capital letter
     * @return the tidied path, or null
     */
    static String absolutePath(String value, String what) {
        if (value == null) {
            return null;
        }
        if (!value.startsWith("/") || value.chars().anyMatch(Character::isISOControl)) {
            throw new ConfException(Kind.INVALID_VALUE,
                    what + " '" + printable(value) + "' must be an absolute path without control characters.");
        }
        String tidy = value.contains("//") ? SLASHES.matcher(value).replaceAll("/") : value;
        if (tidy.length() > 1 && tidy.endsWith("/")) {
            tidy = tidy.substring(0, tidy.length() - 1);
        }
        if (tidy.contains("/.") && (tidy.endsWith("/.") || tidy.endsWith("/..") || tidy.contains("/./")
                || tidy.contains("/../"))) {
            throw new ConfException(Kind.INVALID_VALUE,
                    what + " '" + printable(value) + "' must not contain '.' or '..' components.");
        }
        return tidy;
    }

    /**
     * Checks a name that becomes a file name or a directory entry: not empty, at most 255
     * bytes, no '/', no leading '.', no control characters.
     *
     * @param name the name
     * @param what for example "volume name"
     */
    static void fileName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new ConfException(Kind.MISSING_VALUE, "The " + what + " must not be empty.");
        }
        // a UTF-8 char takes at most 3 bytes per UTF-16 unit: short names need no encoding (pool
        // refresh checks every file name, so the common case stays cheap)
        if (name.length() * 3 > MAX_FILE_NAME_BYTES) {
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_FILE_NAME_BYTES) {
                throw new ConfException(Kind.INVALID_VALUE, "The " + what + " is " + bytes
                        + " bytes long; at most " + MAX_FILE_NAME_BYTES + " are allowed.");
            }
        }
        if (name.indexOf('/') >= 0) {
            throw new ConfException(Kind.INVALID_VALUE, "The " + what + " '" + printable(name)
                    + "' must not contain '/'.");
        }
        if (name.charAt(0) == '.') {
            throw new ConfException(Kind.INVALID_VALUE, "The " + what + " '" + printable(name)
                    + "' must not start with '.'.");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new ConfException(Kind.INVALID_VALUE,
                        "The " + what + " '" + printable(name) + "' must not contain control characters.");
            }
        }
    }

    static String noControl(String value, String what) {
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            throw new ConfException(Kind.INVALID_VALUE, what + " '" + printable(value)
                    + "' must not contain control characters.");
        }
        return value;
    }

    static String printable(String s) {
        return ConfChecks.printable(s);
    }
}
