package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.List;

/**
 * A {@code <smartcard>}: a smartcard reader in a CCID slot (a USB reader the guest sees).
 *
 * @param mode where the card comes from
 * @param certificates the three certificate names of mode host-certificates, else empty
 * @param database the NSS database directory of mode host-certificates, or null for QEMU's default
 * @param passthrough the character device of mode passthrough (spicevmc or a socket), else null
 * @param address the CCID slot, or null
 */
public record SmartcardDef(Mode mode, List<String> certificates, String database, CharSource passthrough,
                           Address address) implements DeviceDef {

    /** Validates the combination. */
    public SmartcardDef {
        Checks.required(mode, "The smartcard mode");
        certificates = Checks.list(certificates);
        if ((mode == Mode.HOST_CERTIFICATES) != (certificates.size() == 3)) {
            throw new ConfException(Kind.INVALID_VALUE, mode == Mode.HOST_CERTIFICATES
                    ? "A smartcard in host-certificates mode needs exactly three <certificate> elements."
                    : "Only a smartcard in host-certificates mode has certificates.");
        }
        certificates.forEach(cert -> Checks.noControl(cert, "The smartcard certificate"));
        if (database != null && mode != Mode.HOST_CERTIFICATES) {
            throw new ConfException(Kind.CONFLICT, "Only a smartcard in host-certificates mode has a <database>.");
        }
        Checks.path(database, "The smartcard database");
        if ((mode == Mode.PASSTHROUGH) != (passthrough != null)) {
            throw new ConfException(Kind.MISSING_VALUE, mode == Mode.PASSTHROUGH
                    ? "A smartcard in passthrough mode needs a character device type."
                    : "Only a smartcard in passthrough mode has a character device.");
        }
        if (passthrough != null) {
            CharDefaults.requireSocketPath(passthrough, "smartcard");
        }
        if (address != null && !(address instanceof Address.Ccid c && c.controller() == 0 && c.slot() == 0)) {
            throw new ConfException(Kind.UNSUPPORTED, "QEMU has one smartcard slot: the address must be "
                    + "<address type='ccid' controller='0' slot='0'/>.");
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public SmartcardDef withAddress(Address newAddress) {
        return new SmartcardDef(mode, certificates, database, passthrough, newAddress);
    }

    /** The {@code mode} attribute. */
    public enum Mode implements XmlEnum {
        /** The host's smartcard reader, through NSS. */
        HOST("host"),
        /** A card emulated from three certificates in an NSS database on the host. */
        HOST_CERTIFICATES("host-certificates"),
        /** A card relayed from a client over a character device (spicevmc or a socket). */
        PASSTHROUGH("passthrough");

        private final String xml;

        Mode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
