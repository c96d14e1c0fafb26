package io.jvirt.conf.storage;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.xml.XmlOut;

/** Writes a {@link PoolDef} as libvirt pool XML, in libvirt's element order. */
final class PoolFormatter {

    private PoolFormatter() {
    }

    /** Formats {@code def}; nothing in a pool is secret yet, so {@code secrets} changes nothing. */
    static String format(PoolDef def, Secrets secrets) {
        XmlOut p = XmlOut.element("pool").attr("type", def.type());
        p.textChild("name", def.name());
        p.textChild("uuid", def.uuid());
        p.child(StorageXmlSupport.size("capacity", def.capacity()));
        p.child(StorageXmlSupport.size("allocation", def.allocation()));
        p.child(StorageXmlSupport.size("available", def.available()));
        if (!def.source().isEmpty()) {
            XmlOut s = XmlOut.element("source");
            if (def.source().device() != null) {
                s.child(XmlOut.element("device").attr("path", def.source().device()));
            }
            if (def.source().format() != null) {
                s.child(XmlOut.element("format").attr("type", def.source().format()));
            }
            p.child(s);
        }
        XmlOut t = XmlOut.element("target").textChild("path", def.target().path());
        t.child(StorageXmlSupport.permissions(def.target().permissions()));
        p.child(t);
        return p.render();
    }
}
