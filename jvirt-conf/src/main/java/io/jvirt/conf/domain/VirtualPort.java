package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.UUID;

/**
 * The {@code <virtualport>} of an interface: the port profile an external switch applies
 * (802.1Qbg/802.1Qbh through lldpad, Open vSwitch, MidoNet). jvirt keeps it in the definition;
 * each type needs host software this machine lacks, so a start is refused with a sentence naming it.
 *
 * @param type the switch technology, or null to take the network's
 * @param managerId the 802.1Qbg VSI manager id, or null
 * @param typeId the 802.1Qbg VSI type id, or null
 * @param typeIdVersion the 802.1Qbg VSI type version, or null
 * @param instanceId the 802.1Qbg/Qbh instance UUID, or null
 * @param profileId the 802.1Qbh or Open vSwitch port profile, or null
 * @param interfaceId the Open vSwitch or MidoNet interface UUID, or null
 */
public record VirtualPort(Type type, Integer managerId, Integer typeId, Integer typeIdVersion, UUID instanceId,
                          String profileId, UUID interfaceId) {

    /** Validates the parameters against the type, as libvirt's virNetDevVPortProfileCheckComplete does. */
    public VirtualPort {
        Checks.range(managerId, 0, 255, "The virtualport managerid");
        Checks.range(typeId, 0, 0xffffff, "The virtualport typeid");
        Checks.range(typeIdVersion, 0, 255, "The virtualport typeidversion");
        Checks.noControl(profileId, "The virtualport profileid");
        if (type != null) {
            boolean ok = switch (type) {
                case QBG -> profileId == null && interfaceId == null;
                case QBH -> managerId == null && typeId == null && typeIdVersion == null && interfaceId == null;
                case OPENVSWITCH -> managerId == null && typeId == null && typeIdVersion == null && instanceId == null;
                case MIDONET -> managerId == null && typeId == null && typeIdVersion == null && instanceId == null
                        && profileId == null;
            };
            if (!ok) {
                throw new ConfException(Kind.CONFLICT, "A virtualport of type '" + type.xml()
                        + "' does not take some of the given <parameters>; " + type.parameters());
            }
        }
    }

    /** The {@code type} attribute. */
    public enum Type implements XmlEnum {
        /** IEEE 802.1Qbg (VEPA with a VSI manager), through lldpad. */
        QBG("802.1Qbg", "it takes managerid, typeid, typeidversion and instanceid."),
        /** IEEE 802.1Qbh (port extender), through lldpad. */
        QBH("802.1Qbh", "it takes profileid and instanceid."),
        /** Open vSwitch. */
        OPENVSWITCH("openvswitch", "it takes interfaceid and profileid."),
        /** MidoNet. */
        MIDONET("midonet", "it takes interfaceid.");

        private final String xml;
        private final String parameters;

        Type(String xml, String parameters) {
            this.xml = xml;
            this.parameters = parameters;
        }

        @Override
        public String xml() {
            return xml;
        }

        String parameters() {
            return parameters;
        }
    }
}
