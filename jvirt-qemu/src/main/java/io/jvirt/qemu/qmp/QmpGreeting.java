package io.jvirt.qemu.qmp;

import java.util.List;

/**
 * What QEMU announced when the connection opened.
 *
 * @param major QEMU's major version
 * @param minor QEMU's minor version
 * @param micro QEMU's micro version
 * @param packageName the distribution's package string, such as {@code Debian 1:7.2+dfsg-7}; may be empty
 * @param capabilities the QMP capabilities QEMU offered (for example {@code oob}); none are enabled
 */
public record QmpGreeting(int major, int minor, int micro, String packageName, List<String> capabilities) {
    /** Copies the capability list. */
    public QmpGreeting {
        capabilities = List.copyOf(capabilities);
    }

    /** Returns the version as {@code major.minor.micro}. */
    public String version() {
        return major + "." + minor + "." + micro;
    }
}
