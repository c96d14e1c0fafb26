package io.jvirt.api;

/** Domain states, named and labelled as libvirt names them (virsh's {@code domstate} words). */
public enum DomainState {
    NOSTATE("no state"),
    RUNNING("running"),
    BLOCKED("idle"),
    PAUSED("paused"),
    SHUTDOWN("in shutdown"),
    SHUTOFF("shut off"),
    CRASHED("crashed"),
    PMSUSPENDED("pmsuspended");

    private final String label;

    DomainState(String label) {
        this.label = label;
    }

    /** The label virsh prints, e.g. {@code shut off}. */
    public String label() {
        return label;
    }
}
