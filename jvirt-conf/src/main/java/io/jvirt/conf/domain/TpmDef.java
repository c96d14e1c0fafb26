package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.Set;
import java.util.UUID;

/**
 * A {@code <tpm>} device: a TPM the guest sees on its TIS or CRB interface, backed by a software
 * TPM (swtpm, which jvirtd runs per domain, its state kept under the state directory), a host
 * TPM passed through, or an external swtpm listening on a socket.
 *
 * @param model the interface the guest sees (filled in: tpm-tis)
 * @param backend what implements the TPM
 * @param alias the user alias, or null
 * @param address where the device sits, or null
 */
public record TpmDef(Model model, Backend backend, String alias, Address address) implements DeviceDef {

    /** Validates the combination as libvirt's QEMU driver does for x86. */
    public TpmDef {
        Checks.required(model, "The TPM model");
        Checks.required(backend, "The TPM backend");
        if (model == Model.SPAPR || model == Model.SPAPR_PROXY) {
            throw new ConfException(Kind.UNSUPPORTED, "The TPM model '" + model.xml()
                    + "' exists only on POWER machines; use tpm-tis or tpm-crb.");
        }
        if (backend instanceof Emulator e && e.version() == Version.V1_2 && model == Model.CRB) {
            throw new ConfException(Kind.CONFLICT, "A TPM 1.2 cannot use the tpm-crb interface; use tpm-tis or "
                    + "version='2.0'.");
        }
        if (alias != null && !alias.matches("ua-[A-Za-z0-9_-]+")) {
            throw new ConfException(Kind.INVALID_VALUE, "The TPM alias '" + Checks.printable(alias)
                    + "' must start with 'ua-' and use only letters, digits, '_' and '-'.");
        }
        if (address != null) {
            throw new ConfException(Kind.CONFLICT, "A TPM on the ISA bus takes no <address>.");
        }
    }

    /** What implements the TPM: {@code <backend type>}. */
    public sealed interface Backend permits Passthrough, Emulator, External {
        /** Returns the {@code type} attribute. */
        default String type() {
            return switch (this) {
                case Passthrough p -> "passthrough";
                case Emulator e -> "emulator";
                case External x -> "external";
            };
        }
    }

    /**
     * {@code <backend type='passthrough'><device path/></backend>}: the host's TPM.
     *
     * @param device the host TPM device (filled in: /dev/tpm0)
     */
    public record Passthrough(String device) implements Backend {
        /** The device libvirt fills in. */
        public static final String DEFAULT_DEVICE = "/dev/tpm0";

        /** Validates the path. */
        public Passthrough {
            Checks.required(device, "The TPM passthrough device");
            Checks.path(device, "The TPM passthrough device");
        }
    }

    /**
     * {@code <backend type='emulator' version persistent_state>}: a swtpm jvirtd runs for the domain.
     *
     * @param version the TPM version (filled in: 2.0 for tpm-crb, else 1.2)
     * @param persistentState whether the state survives undefine of a transient domain ({@code yes}), or false
     * @param encryptionSecret the libvirt secret encrypting the state ({@code <encryption secret>}), or null
     * @param activePcrBanks the PCR banks swtpm_setup activates (TPM 2.0), or null for swtpm's default
     */
    public record Emulator(Version version, boolean persistentState, UUID encryptionSecret, Set<PcrBank> activePcrBanks)
            implements Backend {
        /** Validates the banks. */
        public Emulator {
            Checks.required(version, "The TPM version");
            activePcrBanks = activePcrBanks == null ? null : Set.copyOf(activePcrBanks);
            if (activePcrBanks != null && version != Version.V2_0) {
                throw new ConfException(Kind.CONFLICT, "<active_pcr_banks> needs a TPM of version '2.0'.");
            }
        }
    }

    /**
     * {@code <backend type='external'><source type='unix' mode='connect' path/></backend>}: a swtpm
     * someone else runs.
     *
     * @param socket the swtpm control socket
     */
    public record External(String socket) implements Backend {
        /** Validates the path. */
        public External {
            Checks.required(socket, "The external TPM socket path");
            Checks.path(socket, "The external TPM socket path");
        }
    }

    /** The {@code model} attribute. */
    public enum Model implements XmlEnum {
        /** TPM Interface Specification (ISA, port 0xFED40000). */
        TIS("tpm-tis"),
        /** Command Response Buffer (TPM 2.0 only). */
        CRB("tpm-crb"),
        /** The POWER sPAPR vTPM (refused on x86). */
        SPAPR("tpm-spapr"),
        /** The POWER TPM proxy (refused on x86). */
        SPAPR_PROXY("spapr-tpm-proxy");

        private final String xml;

        Model(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code version} attribute of an emulator. */
    public enum Version implements XmlEnum {
        /** TPM 1.2. */
        V1_2("1.2"),
        /** TPM 2.0. */
        V2_0("2.0");

        private final String xml;

        Version(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** A PCR bank of {@code <active_pcr_banks>}, in libvirt's order. */
    public enum PcrBank implements XmlEnum {
        /** SHA-1. */
        SHA1("sha1"),
        /** SHA-256. */
        SHA256("sha256"),
        /** SHA-384. */
        SHA384("sha384"),
        /** SHA-512. */
        SHA512("sha512");

        private final String xml;

        PcrBank(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
