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

    private static final Pattern USER_ALIAS = Pattern.compile("ua-[A-Za-z0-9_-]+");

    /** Checks a user alias ({@code <alias name='ua-...'>}), which becomes QEMU's id of the device. */
    static String userAlias(String alias) {
        if (alias != null && !USER_ALIAS.matcher(alias).matches()) {
            throw new ConfException(Kind.INVALID_VALUE, "The alias '" + printable(alias)
                    + "' is not valid; a user alias is 'ua-' followed by letters, digits, '_' or '-'.");
        }
        return alias;
    }

    static String printable(String s) {
        return ConfChecks.printable(s);
    }
}
