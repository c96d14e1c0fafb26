package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * {@code <auth username><secret type uuid|usage/></auth>}: how QEMU logs in to a network disk
 * (iSCSI CHAP, Ceph). The password is a libvirt secret object; the definition only names it.
 *
 * @param username the user name
 * @param secretType which kind of secret ({@code iscsi} or {@code ceph})
 * @param secret the secret named
 */
public record DiskAuth(String username, SecretType secretType, SecretRef secret) {
    /** Validates the parts. */
    public DiskAuth {
        if (username == null || username.isEmpty()) {
            throw new ConfException(Kind.MISSING_VALUE, "<auth> needs a username='...'.");
        }
        Checks.noControl(username, "The auth username");
        Checks.required(secretType, "The auth secret type");
        Checks.required(secret, "The auth <secret>");
    }

    /** The {@code type} of an auth secret. */
    public enum SecretType implements XmlEnum {
        /** An iSCSI CHAP password. */
        ISCSI("iscsi"),
        /** A Ceph key. */
        CEPH("ceph");

        private final String xml;

        SecretType(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
