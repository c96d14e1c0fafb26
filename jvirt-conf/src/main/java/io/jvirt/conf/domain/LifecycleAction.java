package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;

/**
 * What happens when the guest powers off, reboots or crashes ({@code <on_poweroff>},
 * {@code <on_reboot>}, {@code <on_crash>}).
 */
public enum LifecycleAction implements XmlEnum {
    /** Terminate the guest and release its resources. */
    DESTROY("destroy"),
    /** Terminate the guest and start it again with the same configuration. */
    RESTART("restart"),
    /** Keep the stopped guest's resources for inspection. */
    PRESERVE("preserve"),
    /** Rename the old guest and start a new one. */
    RENAME_RESTART("rename-restart"),
    /** Dump the guest's core, then destroy it; only valid for a crash. */
    COREDUMP_DESTROY("coredump-destroy"),
    /** Dump the guest's core, then restart it; only valid for a crash. */
    COREDUMP_RESTART("coredump-restart");

    private final String xml;

    LifecycleAction(String xml) {
        this.xml = xml;
    }

    @Override
    public String xml() {
        return xml;
    }
}
