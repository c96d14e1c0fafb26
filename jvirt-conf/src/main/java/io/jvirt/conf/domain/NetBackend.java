package io.jvirt.conf.domain;

/**
 * How an {@code <interface>} reaches the outside, chosen by its {@code type} attribute.
 * Each variant is one interface type; new types (network, bridge) are added as records
 * here, and every switch over this interface then has to handle them.
 */
public sealed interface NetBackend {

    /** Returns the {@code type} attribute value. */
    String type();

    /** {@code type='user'}: QEMU's built-in user-mode NAT (slirp), needs no host privileges. */
    record User() implements NetBackend {
        @Override
        public String type() {
            return "user";
        }
    }
}
