package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;

/** The {@code type} attribute of {@code <domain>}: which accelerator the guest expects. */
public enum DomainType implements XmlEnum {
    /** Hardware virtualization through KVM. */
    KVM("kvm"),
    /** Plain QEMU emulation (TCG). */
    QEMU("qemu");

    private final String xml;

    DomainType(String xml) {
        this.xml = xml;
    }

    @Override
    public String xml() {
        return xml;
    }
}
