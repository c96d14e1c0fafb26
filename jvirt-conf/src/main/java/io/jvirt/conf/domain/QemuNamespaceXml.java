package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlElement;
import io.jvirt.conf.xml.XmlOut;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the children of {@code <domain>} in libvirt's QEMU namespace. jvirt's XML reader
 * keeps prefixes as written, so the namespace is resolved here: an element belongs to it when its
 * prefix (or the default namespace) is bound to {@link QemuNamespaceDef#URI} on the element itself
 * or on {@code <domain>}, whatever the prefix ({@code qemu:}, {@code ns0:}, none). It is written
 * back the way libvirt writes it, with the prefix {@code qemu} declared on {@code <domain>}.
 */
final class QemuNamespaceXml {

    private static final String PREFIX = "qemu";

    private QemuNamespaceXml() {
    }

    static QemuNamespaceDef read(XmlCursor domain) {
        Map<String, String> rootNs = declarations(domain, Map.of());
        List<String> args = new ArrayList<>();
        List<QemuNamespaceDef.Env> env = new ArrayList<>();
        List<String> add = new ArrayList<>();
        List<String> del = new ArrayList<>();
        List<QemuNamespaceDef.DeviceOverride> overrides = new ArrayList<>();
        QemuNamespaceDef.Deprecation deprecation = null;
        for (XmlCursor c : domain.childrenWhere(e -> inNamespace(e, rootNs))) {
            Map<String, String> scope = declarations(c, rootNs);
            switch (local(c.name())) {
                case "commandline" -> {
                    for (XmlCursor a : kids(c, scope, "arg")) {
                        args.add(a.requireAttr("value"));
                        a.finish();
                    }
                    for (XmlCursor e : kids(c, scope, "env")) {
                        String name = e.requireAttr("name");
                        String value = e.attr("value");
                        e.finish();
                        env.add(e.build(() -> new QemuNamespaceDef.Env(name, value)));
                    }
                }
                case "capabilities" -> {
                    for (XmlCursor a : kids(c, scope, "add")) {
                        add.add(a.requireAttr("capability"));
                        a.finish();
                    }
                    for (XmlCursor d : kids(c, scope, "del")) {
                        del.add(d.requireAttr("capability"));
                        d.finish();
                    }
                }
                case "override" -> {
                    for (XmlCursor d : kids(c, scope, "device")) {
                        overrides.add(device(d, declarations(d, scope)));
                    }
                }
                case "deprecation" -> deprecation = c.requireEnumAttr("behavior", QemuNamespaceDef.Deprecation.class);
                default -> throw c.error(Kind.UNKNOWN_ELEMENT, "<" + c.name() + "> is not an element of libvirt's QEMU "
                        + "namespace; it has commandline, capabilities, override and deprecation.");
            }
            c.finish();
        }
        QemuNamespaceDef.Deprecation fd = deprecation;
        return domain.build(() -> new QemuNamespaceDef(args, env, add, del, overrides, fd));
    }

    private static QemuNamespaceDef.DeviceOverride device(XmlCursor d, Map<String, String> scope) {
        String alias = d.requireAttr("alias");
        List<QemuNamespaceDef.Property> props = new ArrayList<>();
        for (XmlCursor f : kids(d, scope, "frontend")) {
            for (XmlCursor p : kids(f, declarations(f, scope), "property")) {
                String name = p.requireAttr("name");
                QemuNamespaceDef.PropertyType type = p.requireEnumAttr("type", QemuNamespaceDef.PropertyType.class);
                String value = p.attr("value");
                p.finish();
                props.add(p.build(() -> new QemuNamespaceDef.Property(name, type, value)));
            }
            f.finish();
        }
        d.finish();
        return d.build(() -> new QemuNamespaceDef.DeviceOverride(alias, props));
    }

    /** The children of {@code parent} named {@code local} in the namespace, whatever prefix each uses. */
    private static List<XmlCursor> kids(XmlCursor parent, Map<String, String> scope, String local) {
        List<XmlCursor> out = parent.childrenWhere(e -> local(e.name()).equals(local) && inNamespace(e, scope));
        out.forEach(k -> declarations(k, scope));
        return out;
    }

    /**
     * The namespace declarations in force inside {@code c}: the enclosing ones overridden by its own
     * {@code xmlns} attributes, which are marked read.
     */
    private static Map<String, String> declarations(XmlCursor c, Map<String, String> enclosing) {
        Map<String, String> scope = new java.util.HashMap<>(enclosing);
        c.attributes().forEach((name, value) -> {
            if (name.equals("xmlns") || name.startsWith("xmlns:")) {
                scope.put(name, value);
                c.attr(name);
            }
        });
        return scope;
    }

    private static boolean inNamespace(XmlElement e, Map<String, String> scope) {
        String prefix = e.name().contains(":") ? e.name().substring(0, e.name().indexOf(':')) : null;
        String decl = prefix == null ? "xmlns" : "xmlns:" + prefix;
        String uri = e.attributes().getOrDefault(decl, scope.get(decl));
        return QemuNamespaceDef.URI.equals(uri);
    }

    private static String local(String name) {
        return name.substring(name.indexOf(':') + 1);
    }

    /** The namespace declaration libvirt puts on {@code <domain>}, or null when nothing is in the namespace. */
    static String declaration(QemuNamespaceDef q) {
        return q.isEmpty() ? null : QemuNamespaceDef.URI;
    }

    /** The namespace's elements, in libvirt's order, with the prefix {@code qemu}. */
    static List<XmlOut> format(QemuNamespaceDef q) {
        List<XmlOut> out = new ArrayList<>();
        if (!q.args().isEmpty() || !q.env().isEmpty()) {
            XmlOut c = XmlOut.element(PREFIX + ":commandline");
            q.args().forEach(a -> c.child(XmlOut.element(PREFIX + ":arg").attr("value", a)));
            q.env().forEach(e -> c.child(XmlOut.element(PREFIX + ":env").attr("name", e.name())
                    .attr("value", e.value())));
            out.add(c);
        }
        if (!q.capsAdd().isEmpty() || !q.capsDel().isEmpty()) {
            XmlOut c = XmlOut.element(PREFIX + ":capabilities");
            q.capsAdd().forEach(a -> c.child(XmlOut.element(PREFIX + ":add").attr("capability", a)));
            q.capsDel().forEach(d -> c.child(XmlOut.element(PREFIX + ":del").attr("capability", d)));
            out.add(c);
        }
        if (!q.overrides().isEmpty()) {
            XmlOut o = XmlOut.element(PREFIX + ":override");
            for (QemuNamespaceDef.DeviceOverride d : q.overrides()) {
                XmlOut f = XmlOut.element(PREFIX + ":frontend");
                d.properties().forEach(p -> f.child(XmlOut.element(PREFIX + ":property").attr("name", p.name())
                        .attr("type", p.type()).attr("value", p.value())));
                o.child(XmlOut.element(PREFIX + ":device").attr("alias", d.alias()).child(f.isEmpty() ? null : f));
            }
            out.add(o);
        }
        if (q.deprecation() != null) {
            out.add(XmlOut.element(PREFIX + ":deprecation").attr("behavior", q.deprecation()));
        }
        return out;
    }
}
