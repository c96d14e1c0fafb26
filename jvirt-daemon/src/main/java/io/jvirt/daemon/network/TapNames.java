package io.jvirt.daemon.network;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.network.host.HostInterfaces;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out host device names for guest cards: the card's own {@code <target dev>} unless it is
 * an automatic one ({@code vnetN}, {@code macvtapN}), else the next free name of the prefix. A name
 * is reserved from the moment it is chosen until it is released, which guards the gap between
 * choosing a name and creating the device.
 */
final class TapNames {
    private final Set<String> reserved = new HashSet<>();

    /**
     * Reserves a name for a card.
     *
     * @param n the card
     * @param prefix the automatic prefix, {@code vnet} or {@code macvtap}
     * @return the name
     * @throws DaemonException when the card's own name is in use
     */
    synchronized String reserve(InterfaceDef n, String prefix) {
        String wanted = n.targetDev();
        if (wanted != null && !wanted.startsWith(prefix)) {
            if (HostInterfaces.exists(wanted) || reserved.contains(wanted)) {
                throw new DaemonException(ErrorCode.IN_USE, "the tap device name " + wanted + " of interface "
                        + n.mac() + " is already in use on this host; change or remove <target dev>.");
            }
            reserved.add(wanted);
            return wanted;
        }
        String name = HostInterfaces.freeName(prefix, reserved);
        reserved.add(name);
        return name;
    }

    synchronized void release(String name) {
        reserved.remove(name);
    }
}
