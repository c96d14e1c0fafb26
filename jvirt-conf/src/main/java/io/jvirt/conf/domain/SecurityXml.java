package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the domain's {@code <seclabel>}s, {@code <keywrap>} and {@code <launchSecurity>},
 * the {@code <seclabel>} overrides inside a disk's {@code <source>}, and the {@code <idmap>} that
 * only LXC containers apply (kept, as libvirt keeps it).
 */
final class SecurityXml {

    private SecurityXml() {
    }

    static SecurityDef read(XmlCursor domain) {
        List<SeclabelDef> labels = new ArrayList<>();
        for (XmlCursor c : domain.children("seclabel")) {
            SeclabelDef s = c.read(SecurityXml::domainLabel);
            if (s != null) {
                labels.add(s);
            }
        }
        List<SecurityDef.Cipher> ciphers = new ArrayList<>();
        XmlCursor k = domain.child("keywrap");
        if (k != null) {
            for (XmlCursor c : k.children("cipher")) {
                SecurityDef.CipherName name = c.requireEnumAttr("name", SecurityDef.CipherName.class);
                c.requireAttr("state");
                boolean state = c.onOffAttr("state");
                c.finish();
                ciphers.add(new SecurityDef.Cipher(name, state));
            }
            k.finish();
            if (ciphers.isEmpty()) {
                throw k.error(Kind.MISSING_VALUE, "<keywrap> needs at least one <cipher>.");
            }
        }
        XmlCursor ls = domain.child("launchSecurity");
        LaunchSecurityDef launch = ls == null ? null : ls.read(SecurityXml::launchSecurity);
        return domain.build(() -> new SecurityDef(labels, ciphers, launch));
    }

    /** Reads {@code <idmap>}: its {@code <uid>} and {@code <gid>} ranges, each with start, target and count. */
    static IdMapDef idmap(XmlCursor domain) {
        XmlCursor m = domain.child("idmap");
        if (m == null) {
            return IdMapDef.NONE;
        }
        List<IdMapDef.Entry> uids = new ArrayList<>();
        List<IdMapDef.Entry> gids = new ArrayList<>();
        for (XmlCursor u : m.children("uid")) {
            uids.add(u.read(SecurityXml::idRange));
        }
        for (XmlCursor g : m.children("gid")) {
            gids.add(g.read(SecurityXml::idRange));
        }
        m.finish();
        return m.build(() -> new IdMapDef(uids, gids));
    }

    private static IdMapDef.Entry idRange(XmlCursor c) {
        c.requireAttr("start");
        c.requireAttr("target");
        c.requireAttr("count");
        long start = c.longAttr("start", IdMapDef.Entry.MAX);
        long target = c.longAttr("target", IdMapDef.Entry.MAX);
        long count = c.longAttr("count", IdMapDef.Entry.MAX);
        c.finish();
        return c.build(() -> new IdMapDef.Entry(start, target, count));
    }

    /** Writes {@code <idmap>}, user ranges before group ranges; null when there is none. */
    static XmlOut idmap(IdMapDef m) {
        if (m.isEmpty()) {
            return null;
        }
        XmlOut x = XmlOut.element("idmap");
        m.uids().forEach(e -> x.child(range("uid", e)));
        m.gids().forEach(e -> x.child(range("gid", e)));
        return x;
    }

    private static XmlOut range(String name, IdMapDef.Entry e) {
        return XmlOut.element(name).attr("start", e.start()).attr("target", e.target()).attr("count", e.count());
    }

    private static SeclabelDef domainLabel(XmlCursor c) {
        SeclabelDef.Type type = c.enumAttr("type", SeclabelDef.Type.class);
        String model = c.attr("model");
        Boolean relabel = c.yesNoAttr("relabel");
        String label = c.childText("label");
        String imagelabel = c.childText("imagelabel");
        String baselabel = c.childText("baselabel");
        c.finish();
        SeclabelDef.Type t = type == null ? SeclabelDef.Type.DYNAMIC : type;
        return c.build(() -> new SeclabelDef(t, model, relabel, label, imagelabel, baselabel));
    }

    private static LaunchSecurityDef launchSecurity(XmlCursor c) {
        String type = c.requireAttr("type");
        if (type.equals("s390-pv")) {
            throw c.error(Kind.UNSUPPORTED, "<launchSecurity type='s390-pv'> is IBM Z's Secure Execution; x86 guests "
                    + "cannot use it.");
        }
        if (!type.equals("sev")) {
            throw c.invalid("type", type, "expected sev or s390-pv");
        }
        Boolean kernelHashes = c.yesNoAttr("kernelHashes");
        Long cbitpos = number(c.child("cbitpos"));
        Long reduced = number(c.child("reducedPhysBits"));
        XmlCursor p = c.requireChild("policy");
        long policy = p.longText(0xffffffffL);
        p.finish();
        Long handle = number(c.child("handle"));
        String dhCert = c.childText("dhCert");
        String session = c.childText("session");
        c.finish();
        return c.build(() -> new LaunchSecurityDef.Sev(kernelHashes, cbitpos, reduced, policy, handle, dhCert,
                session));
    }

    private static Long number(XmlCursor c) {
        if (c == null) {
            return null;
        }
        long n = c.longText(0xffffffffL);
        c.finish();
        return n;
    }

    /** The elements after {@code </devices>}, in libvirt's order. */
    static List<XmlOut> format(SecurityDef s) {
        List<XmlOut> out = new ArrayList<>();
        for (SeclabelDef l : s.seclabels()) {
            XmlOut x = XmlOut.element("seclabel").attr("type", l.type()).attr("model", l.model());
            if (l.type() != SeclabelDef.Type.NONE) {
                x.yesNo("relabel", l.relabel() != null ? l.relabel() : l.type() == SeclabelDef.Type.DYNAMIC);
            }
            x.textChild("label", l.label()).textChild("imagelabel", l.imagelabel()).textChild("baselabel", l.baselabel());
            out.add(x);
        }
        if (!s.keywrap().isEmpty()) {
            XmlOut k = XmlOut.element("keywrap");
            for (SecurityDef.Cipher c : s.keywrap()) {
                k.child(XmlOut.element("cipher").attr("name", c.name()).onOff("state", c.state()));
            }
            out.add(k);
        }
        if (s.launchSecurity() instanceof LaunchSecurityDef.Sev sev) {
            out.add(XmlOut.element("launchSecurity").attr("type", "sev").yesNo("kernelHashes", sev.kernelHashes())
                    .textChild("cbitpos", sev.cbitpos()).textChild("reducedPhysBits", sev.reducedPhysBits())
                    .textChild("policy", String.format("0x%04x", sev.policy())).textChild("handle", sev.handle())
                    .textChild("dhCert", sev.dhCert()).textChild("session", sev.session()));
        }
        return out;
    }
}
