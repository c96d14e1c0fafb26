package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;

/**
 * An {@code <audio>} back end, referred to by its id. Only {@code type='none'} is
 * supported: it gives a VNC server an audio back end that discards sound.
 *
 * @param id the id, from 1
 * @param type the back-end type
 */
public record AudioDef(int id, Type type) implements DeviceDef {

    /** Returns null: this device has no guest bus address in jvirt's model yet. */
    @Override
    public Address address() {
        return null;
    }


    /** Validates the id. */
    public AudioDef {
        Checks.range(id, 1, 65535, "The audio id");
        Checks.required(type, "The audio type");
    }

    /** The {@code type} attribute. */
    public enum Type implements XmlEnum {
        /** Sound is discarded. */
        NONE("none");

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
