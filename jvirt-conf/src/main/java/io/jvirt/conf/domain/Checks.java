package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.List;
import java.util.regex.Pattern;

/** Validation helpers shared by the definition records. */
final class Checks {

    /** Absolute path without control characters. */
    private static final Pattern PATH = Pattern.compile("/[^\\p{Cntrl}]*");

    private Checks() {
    }

    static <T> T required(T value, String what) {
        if (value == null) {
            throw new ConfException(Kind.MISSING_VALUE, what + " is required.");
        }
        return value;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    static String path(String value, String what) {
        if (value != null && !PATH.matcher(value).matches()) {
            throw new ConfException(Kind.INVALID_VALUE,
                    what + " '" + printable(value) + "' must be an absolute path without control characters.");
        }
        return value;
    }

    static String matches(String value, Pattern pattern, String what) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw new ConfException(Kind.INVALID_VALUE, what + " '" + printable(value) + "' is not valid.");
        }
        return value;
    }

    static Integer range(Integer value, int min, int max, String what) {
        if (value != null && (value < min || value > max)) {
            throw new ConfException(Kind.INVALID_VALUE,
                    what + " " + value + " is out of range; it must be from " + min + " to " + max + ".");
        }
        return value;
    }

    static String noControl(String value, String what) {
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r') {
                    throw new ConfException(Kind.INVALID_VALUE, what + " must not contain control characters.");
                }
            }
        }
        return value;
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
