package io.jvirt.conf.storage;

import io.jvirt.conf.xml.XmlEnum;

/** The {@code type} of a volume. Block volumes arrive with LVM pools. */
public enum VolumeType implements XmlEnum {
    /** A file in the pool's directory. */
    FILE("file");

    private final String xml;

    VolumeType(String xml) {
        this.xml = xml;
    }

    @Override
    public String xml() {
        return xml;
    }
}
