package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlElement;
import io.jvirt.conf.xml.XmlEnum;
import io.jvirt.conf.xml.XmlOut;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Reads and writes {@code <tpm>}, filling in libvirt's defaults for x86: model tpm-tis, the
 * emulator's version (2.0 with tpm-crb, else 1.2) and the passthrough device /dev/tpm0.
 */
final class TpmXml {

    private TpmXml() {
    }

    static TpmDef tpm(XmlCursor c) {
        TpmDef.Model model = c.enumAttr("model", TpmDef.Model.class);
        TpmDef.Model m = model == null ? TpmDef.Model.TIS : model;
        XmlCursor b = c.requireChild("backend");
        String type = b.requireAttr("type");
        TpmDef.Backend backend = switch (type) {
            case "passthrough" -> {
                String path = null;
                XmlCursor dev = b.child("device");
                if (dev != null) {
                    path = dev.attr("path");
                    dev.finish();
                }
                String fp = path == null ? TpmDef.Passthrough.DEFAULT_DEVICE : path;
                yield b.build(() -> new TpmDef.Passthrough(fp));
            }
            case "emulator" -> emulator(b, m);
            case "external" -> {
                XmlCursor src = b.requireChild("source");
                String st = src.requireAttr("type");
                if (!st.equals("unix")) {
                    throw src.invalid("type", st, "an external TPM is reached through a unix socket: type='unix'");
                }
                String mode = src.attr("mode");
                if (mode != null && !mode.equals("connect")) {
                    throw src.invalid("mode", mode, "jvirt connects to an external TPM: mode='connect'");
                }
                String path = src.requireAttr("path");
                src.finish();
                yield b.build(() -> new TpmDef.External(path));
            }
            default -> throw b.invalid("type", type, "expected passthrough, emulator or external");
        };
        b.finish();
        String alias = DiskParser.alias(c);
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        return c.build(() -> new TpmDef(m, backend, alias, address));
    }

    private static TpmDef.Emulator emulator(XmlCursor b, TpmDef.Model model) {
        TpmDef.Version version = b.enumAttr("version", TpmDef.Version.class);
        Boolean persistent = b.yesNoAttr("persistent_state");
        UUID secret = null;
        XmlCursor enc = b.child("encryption");
        if (enc != null) {
            secret = StorageSourceParser.uuidAttr(enc, "secret");
            if (secret == null) {
                throw enc.error(Kind.MISSING_VALUE, "<encryption> is missing the required attribute 'secret'.");
            }
            enc.finish();
        }
        Set<TpmDef.PcrBank> banks = null;
        XmlCursor pcr = b.child("active_pcr_banks");
        if (pcr != null) {
            EnumSet<TpmDef.PcrBank> set = EnumSet.noneOf(TpmDef.PcrBank.class);
            for (XmlElement e : pcr.rawChildren()) {
                TpmDef.PcrBank bank = XmlEnum.fromXml(TpmDef.PcrBank.class, e.name());
                if (bank == null) {
                    throw pcr.error(Kind.INVALID_VALUE, "<active_pcr_banks> has the unknown bank <" + e.name()
                            + ">; expected " + XmlEnum.allowed(TpmDef.PcrBank.class) + ".");
                }
                set.add(bank);
            }
            pcr.finish();
            banks = set.isEmpty() ? null : set;
        }
        // libvirt's QEMU driver: TPM 1.2 and 2.0 are not compatible, so a version is chosen here
        TpmDef.Version v = version != null ? version : model == TpmDef.Model.CRB ? TpmDef.Version.V2_0
                : TpmDef.Version.V1_2;
        UUID fs = secret;
        Set<TpmDef.PcrBank> fb = banks;
        return b.build(() -> new TpmDef.Emulator(v, Boolean.TRUE.equals(persistent), fs, fb));
    }

    static XmlOut format(TpmDef t) {
        XmlOut b = XmlOut.element("backend").attr("type", t.backend().type());
        switch (t.backend()) {
            case TpmDef.Passthrough p -> b.child(XmlOut.element("device").attr("path", p.device()));
            case TpmDef.Emulator e -> {
                b.attr("version", e.version()).attr("persistent_state", e.persistentState() ? "yes" : null);
                if (e.encryptionSecret() != null) {
                    b.child(XmlOut.element("encryption").attr("secret", e.encryptionSecret()));
                }
                if (e.activePcrBanks() != null) {
                    XmlOut banks = XmlOut.element("active_pcr_banks");
                    for (TpmDef.PcrBank bank : TpmDef.PcrBank.values()) {
                        if (e.activePcrBanks().contains(bank)) {
                            banks.child(XmlOut.element(bank.xml()));
                        }
                    }
                    b.child(banks);
                }
            }
            case TpmDef.External x -> b.child(XmlOut.element("source").attr("type", "unix").attr("mode", "connect")
                    .attr("path", x.socket()));
        }
        XmlOut x = XmlOut.element("tpm").attr("model", t.model()).child(b);
        if (t.alias() != null) {
            x.child(XmlOut.element("alias").attr("name", t.alias()));
        }
        return x.child(AddressParser.format(t.address()));
    }
}
