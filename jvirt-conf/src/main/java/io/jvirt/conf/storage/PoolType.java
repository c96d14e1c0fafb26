package io.jvirt.conf.storage;

import io.jvirt.conf.xml.XmlEnum;

/** The {@code type} of a storage pool: how its space is provided. */
public enum PoolType implements XmlEnum {
    /** A directory on a file system the host already has mounted. */
    DIR("dir"),
    /** A block device holding a file system, mounted on the pool's target directory while the pool runs. */
    FS("fs");

    private final String xml;

    PoolType(String xml) {
        this.xml = xml;
    }

    @Override
    public String xml() {
        return xml;
    }
}
