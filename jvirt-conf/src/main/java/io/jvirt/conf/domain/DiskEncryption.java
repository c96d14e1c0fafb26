package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlEnum;
import java.util.List;

/**
 * {@code <encryption format engine>} of a disk or backing layer: the image is LUKS-encrypted
 * and QEMU opens it with the passphrase of the secrets named.
 *
 * @param format the encryption format
 * @param engine who decrypts ({@code qemu} or {@code librbd}), or null for QEMU
 * @param secrets the {@code <secret type='passphrase'>} references, in order
 */
public record DiskEncryption(Format format, Engine engine, List<SecretRef> secrets) {
    /** Copies the list. */
    public DiskEncryption {
        Checks.required(format, "The encryption format");
        secrets = Checks.list(secrets);
    }

    /** The {@code format} attribute. */
    public enum Format implements XmlEnum {
        /** Unset; libvirt reads it as the old qcow encryption, which QEMU refuses. */
        DEFAULT("default"),
        /** The old qcow/qcow2 AES encryption (refused). */
        QCOW("qcow"),
        /** LUKS version 1. */
        LUKS("luks"),
        /** LUKS version 2 (librbd only). */
        LUKS2("luks2"),
        /** LUKS on any layer (librbd only). */
        LUKS_ANY("luks-any");

        private final String xml;

        Format(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code engine} attribute. */
    public enum Engine implements XmlEnum {
        /** QEMU's own LUKS driver. */
        QEMU("qemu"),
        /** Ceph's librbd. */
        LIBRBD("librbd");

        private final String xml;

        Engine(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
