package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * The {@code <teaming>} element: a virtio card and an assigned VF acting as one card in the guest
 * (QEMU's failover), the virtio one persistent, the VF transient.
 *
 * @param type the role in the team
 * @param persistent for a transient member, the alias of the persistent one; else null
 */
public record TeamingDef(Type type, String persistent) {

    /** Validates the combination, as libvirt does. */
    public TeamingDef {
        Checks.required(type, "The teaming type");
        if (type == Type.TRANSIENT && persistent == null) {
            throw new ConfException(Kind.MISSING_VALUE,
                    "A transient <teaming> needs the 'persistent' attribute naming its virtio partner's alias.");
        }
        if (type == Type.PERSISTENT && persistent != null) {
            throw new ConfException(Kind.CONFLICT, "Only a transient <teaming> names a 'persistent' partner.");
        }
        Checks.noControl(persistent, "The teaming partner");
    }

    /** The {@code type} attribute. */
    public enum Type implements XmlEnum {
        /** The virtio card that stays through migration. */
        PERSISTENT("persistent"),
        /** The assigned VF that is unplugged for migration. */
        TRANSIENT("transient");

        private final String xml;

        Type(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
