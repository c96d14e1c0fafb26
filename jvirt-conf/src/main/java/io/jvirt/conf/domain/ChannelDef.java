package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.regex.Pattern;

/**
 * A {@code <channel>} device: a named virtio-serial port such as the QEMU guest agent's
 * {@code org.qemu.guest_agent.0}. Only {@code <target type='virtio'>} is supported.
 *
 * @param source the host side, a unix socket
 * @param name the {@code <target name>} the guest sees
 * @param address the virtio-serial port, or null
 */
public record ChannelDef(CharSource source, String name, Address address) implements DeviceDef {

    /** The name of the QEMU guest agent channel. */
    public static final String GUEST_AGENT = "org.qemu.guest_agent.0";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** Validates the values. */
    public ChannelDef {
        Checks.required(source, "The channel source");
        Checks.required(name, "The channel target name");
        Checks.matches(name, NAME, "The channel target name");
        if (source.type() != CharSource.Type.UNIX) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The channel '" + name + "' must be of type 'unix', not '" + source.type().xml() + "'.");
        }
        if (address != null && !(address instanceof Address.VirtioSerial)) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The channel '" + name + "' accepts only a virtio-serial address.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public ChannelDef withAddress(Address newAddress) {
        return new ChannelDef(source, name, newAddress);
    }
}
