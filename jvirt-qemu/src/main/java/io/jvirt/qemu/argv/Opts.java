package io.jvirt.qemu.argv;

import java.nio.file.Path;

/**
 * Builds a QEMU option string {@code driver,key=value,...}, doubling commas inside values as
 * QEMU's option parser requires, so a path such as {@code /a,b} cannot inject options.
 */
final class Opts {

    private final StringBuilder sb;
    private String id;

    private Opts(String head) {
        this.sb = new StringBuilder(head);
    }

    /** Starts with a leading value (a driver or type name), escaped. */
    static Opts of(String head) {
        return new Opts(escape(head));
    }

    /** Starts with no leading value. */
    static Opts empty() {
        return new Opts("");
    }

    Opts add(String key, Object value) {
        if (value != null) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(key).append('=').append(escape(value.toString()));
        }
        return this;
    }

    Opts add(String key, Path value) {
        return add(key, value == null ? null : value.toString());
    }

    Opts onOff(String key, Boolean value) {
        return add(key, value == null ? null : value ? "on" : "off");
    }

    /** Remembers the device id this option string will carry, for properties derived from it. */
    Opts withId(String value) {
        this.id = value;
        return this;
    }

    /** Returns the id given to {@link #withId}, or null. */
    String id() {
        return id;
    }

    static String escape(String value) {
        return value.replace(",", ",,");
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
