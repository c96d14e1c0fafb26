package io.jvirt.conf.network;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.BandwidthDef;
import io.jvirt.conf.common.ConfChecks;
import io.jvirt.conf.common.VlanDef;

/**
 * A {@code <portgroup>}: a named class of guest connections with its own VLAN and bandwidth.
 * An interface picks one with {@code <source portgroup>}; otherwise the default group applies.
 *
 * @param name the group name, unique in the network
 * @param isDefault whether interfaces that name no group use this one
 * @param vlan the VLAN setting for the group's ports, or null
 * @param bandwidth the per-interface limits for the group's ports, or null
 */
public record PortgroupDef(String name, boolean isDefault, VlanDef vlan, BandwidthDef bandwidth) {

    /** Checks the name and that the bandwidth has no floor. */
    public PortgroupDef {
        validateName(name);
        if (bandwidth != null && bandwidth.hasFloor()) {
            throw new ConfException(Kind.CONFLICT,
                    "A bandwidth 'floor' is not supported on a port group; remove it.");
        }
    }

    /**
     * Checks a port group name: 1 to 200 characters without control characters.
     *
     * @param name the name
     */
    public static void validateName(String name) {
        ConfChecks.required(name, "The port group name");
        ConfChecks.portgroupName(name);
    }
}
