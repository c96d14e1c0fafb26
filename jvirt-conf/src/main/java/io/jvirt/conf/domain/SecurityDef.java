package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The security sections after {@code <devices>}: the domain's {@code <seclabel>}s, {@code <keywrap>}
 * and {@code <launchSecurity>}, in libvirt's order.
 *
 * @param seclabels the domain's security labels (kept, not enforced: see {@link SeclabelDef})
 * @param keywrap the s390 key-wrapping ciphers, empty when absent
 * @param launchSecurity the confidential-guest technology, or null
 */
public record SecurityDef(List<SeclabelDef> seclabels, List<Cipher> keywrap, LaunchSecurityDef launchSecurity) {

    /** No security section at all. */
    public static final SecurityDef NONE = new SecurityDef(List.of(), List.of(), null);

    /** Validates the labels as a set, as libvirt does. */
    public SecurityDef {
        seclabels = List.copyOf(seclabels);
        keywrap = List.copyOf(keywrap);
        Set<String> models = new HashSet<>();
        for (SeclabelDef s : seclabels) {
            if (seclabels.size() > 1 && s.model() == null) {
                throw new ConfException(Kind.MISSING_VALUE, "Every <seclabel> needs a 'model' when there is more than "
                        + "one.");
            }
            if (s.model() != null && !models.add(s.model())) {
                throw new ConfException(Kind.DUPLICATE, "There is more than one <seclabel> for the model '"
                        + s.model() + "'.");
            }
        }
        Set<String> ciphers = new HashSet<>();
        for (Cipher c : keywrap) {
            if (!ciphers.add(c.name().xml())) {
                throw new ConfException(Kind.DUPLICATE, "The <keywrap> cipher '" + c.name().xml()
                        + "' is given more than once.");
            }
        }
    }

    /** Returns whether nothing is set. */
    public boolean isEmpty() {
        return seclabels.isEmpty() && keywrap.isEmpty() && launchSecurity == null;
    }

    /**
     * A {@code <cipher>} of {@code <keywrap>}.
     *
     * @param name the cipher
     * @param state whether key wrapping with it is on
     */
    public record Cipher(CipherName name, boolean state) {
        /** Validates the name. */
        public Cipher {
            Checks.required(name, "The keywrap cipher name");
        }
    }

    /** The {@code name} of a keywrap cipher. */
    public enum CipherName implements XmlEnum {
        /** AES key wrapping. */
        AES("aes"),
        /** DEA/TDEA key wrapping. */
        DEA("dea");

        private final String xml;

        CipherName(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
