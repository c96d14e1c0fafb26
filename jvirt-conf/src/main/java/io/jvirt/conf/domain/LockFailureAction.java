package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;

/** What happens when the guest loses a lock its lock manager holds ({@code <on_lockfailure>}). */
public enum LockFailureAction implements XmlEnum {
    /** Forcefully power the guest off. */
    POWEROFF("poweroff"),
    /** Power the guest off and start it again to reacquire its locks. */
    RESTART("restart"),
    /** Pause the guest, to be resumed once the locks are back. */
    PAUSE("pause"),
    /** Keep the guest running as if nothing happened. */
    IGNORE("ignore");

    private final String xml;

    LockFailureAction(String xml) {
        this.xml = xml;
    }

    @Override
    public String xml() {
        return xml;
    }
}
