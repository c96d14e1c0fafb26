package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.ConfChecks;
import java.util.List;
import java.util.regex.Pattern;

/** Validation helpers of the domain records; the generic ones live in {@link ConfChecks}. */
final class Checks {

    private Checks() {
    }

    static <T> T required(T value, String what) {
        return ConfChecks.required(value, what);
    }

    static <T> List<T> list(List<T> value) {
        return ConfChecks.list(value);
    }

    static String path(String value, String what) {
        return ConfChecks.path(value, what);
    }

    static String matches(String value, Pattern pattern, String what) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw new ConfException(Kind.INVALID_VALUE, what + " '" + printable(value) + "' is not valid.");
        }
        return value;
    }

    static Integer range(Integer value, int min, int max, String what) {
        return ConfChecks.range(value, min, max, what);
    }

    static String noControl(String value, String what) {
        return ConfChecks.noControl(value, what);
    }

    static String printable(String s) {
        return ConfChecks.printable(s);
    }
}
