package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.IpAddress;
import io.jvirt.conf.xml.XmlEnum;
import java.util.regex.Pattern;

/**
 * A {@code <channel>} device: a named virtio-serial port such as the QEMU guest agent's
 * {@code org.qemu.guest_agent.0} or the SPICE agent's {@code com.redhat.spice.0}, or a guest
 * forwarding of user networking ({@code <target type='guestfwd'>}).
 *
 * @param source the host side
 * @param target where the guest sees it
 * @param address the virtio-serial port of a virtio channel, or null
 */
public record ChannelDef(CharSource source, Target target, Address address) implements DeviceDef {

    /** The name of the QEMU guest agent channel. */
    public static final String GUEST_AGENT = "org.qemu.guest_agent.0";

    /** The name of the SPICE agent channel, which a spicevmc channel gets when it names none. */
    public static final String SPICE_AGENT = "com.redhat.spice.0";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** Validates the values. */
    public ChannelDef {
        Checks.required(source, "The channel source");
        Checks.required(target, "The channel target");
        switch (target) {
            case Target.Virtio v -> {
                if (address != null && !(address instanceof Address.VirtioSerial)) {
                    throw new ConfException(Kind.INVALID_VALUE, "The channel " + describe(v.name())
                            + " accepts only a virtio-serial address.");
                }
            }
            case Target.Guestfwd g -> {
                if (source.type() == CharSource.Type.SPICEVMC || source.type() == CharSource.Type.QEMU_VDAGENT) {
                    throw new ConfException(Kind.CONFLICT, "A channel of type '" + source.type().xml()
                            + "' needs <target type='virtio'>, not guestfwd.");
                }
                if (address != null) {
                    throw new ConfException(Kind.CONFLICT, "A guestfwd channel has no address; remove it.");
                }
                CharDefaults.plainCharDevice(source, "guestfwd channel");
            }
        }
    }

    /**
     * A virtio channel.
     *
     * @param source the host side
     * @param name the name the guest sees
     * @param address the virtio-serial port, or null
     */
    public ChannelDef(CharSource source, String name, Address address) {
        this(source, new Target.Virtio(name, null), address);
    }

    /** Returns the virtio port name, or null for a guestfwd channel or an unnamed port. */
    public String name() {
        return target instanceof Target.Virtio v ? v.name() : null;
    }

    /** Returns whether this is a virtio-serial port (not a guestfwd). */
    public boolean isVirtio() {
        return target instanceof Target.Virtio;
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public ChannelDef withAddress(Address newAddress) {
        return new ChannelDef(source, target, newAddress);
    }

    /**
     * Returns a copy with another target.
     *
     * @param newTarget the target
     * @return the copy
     */
    public ChannelDef withTarget(Target newTarget) {
        return new ChannelDef(source, newTarget, address);
    }

    private static String describe(String name) {
        return name == null ? "without a name" : "'" + name + "'";
    }

    /** The {@code <target>} of a channel. */
    public sealed interface Target {

        /**
         * {@code <target type='virtio' name state>}: a virtio-serial port.
         *
         * @param name the port name, or null
         * @param state whether the guest side has the port open, as the live definition shows it, or null
         */
        record Virtio(String name, State state) implements Target {
            /** Validates the name. */
            public Virtio {
                Checks.matches(name, NAME, "The channel target name");
            }
        }

        /**
         * {@code <target type='guestfwd' address port>}: connections the guest makes to this
         * address and port of user networking go to the channel's source.
         *
         * @param address the IPv4 address
         * @param port the TCP port
         */
        record Guestfwd(String address, int port) implements Target {
            /** Validates the address and port. */
            public Guestfwd {
                Checks.required(address, "The guestfwd address");
                if (!IpAddress.parse(address).isIpv4()) {
                    throw new ConfException(Kind.INVALID_VALUE,
                            "The guestfwd address '" + address + "' must be an IPv4 address.");
                }
                Checks.range(port, 1, 65535, "The guestfwd port");
            }
        }
    }

    /** The {@code state} attribute of a virtio channel target. */
    public enum State implements XmlEnum {
        /** The guest has the port open. */
        CONNECTED("connected"),
        /** The guest does not. */
        DISCONNECTED("disconnected");

        private final String xml;

        State(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
