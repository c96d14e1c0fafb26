package io.jvirt.conf.storage;

import io.jvirt.conf.xml.XmlOut;

/** Writes a {@link VolumeDef} as libvirt volume XML, in libvirt's element order. */
final class VolumeFormatter {

    private VolumeFormatter() {
    }

    static String format(VolumeDef def) {
        XmlOut v = XmlOut.element("volume").attr("type", def.type());
        v.textChild("name", def.name());
        v.textChild("key", def.key());
        v.child(StorageXmlSupport.size("capacity", def.capacity()));
        v.child(StorageXmlSupport.size("allocation", def.allocation()));
        v.child(StorageXmlSupport.size("physical", def.physical()));
        VolumeTarget t = def.target();
        if (!t.isEmpty()) {
            XmlOut x = XmlOut.element("target").textChild("path", t.path());
            if (t.format() != null) {
                x.child(XmlOut.element("format").attr("type", t.format()));
            }
            x.child(StorageXmlSupport.permissions(t.permissions()));
            if (t.timestamps() != null && !t.timestamps().isEmpty()) {
                Timestamps ts = t.timestamps();
                x.child(XmlOut.element("timestamps").textChild("atime", ts.atime()).textChild("btime", ts.btime())
                        .textChild("ctime", ts.ctime()).textChild("mtime", ts.mtime()));
            }
            x.textChild("compat", t.compat());
            if (t.clusterSize() != null) {
                x.child(XmlOut.element("clusterSize").attr("unit", "B").text(Long.toString(t.clusterSize())));
            }
            if (t.lazyRefcounts()) {
                x.child(XmlOut.element("features").child(XmlOut.element("lazy_refcounts")));
            }
            v.child(x);
        }
        if (def.backingStore() != null) {
            BackingStore b = def.backingStore();
            XmlOut x = XmlOut.element("backingStore").textChild("path", b.path());
            if (b.format() != null) {
                x.child(XmlOut.element("format").attr("type", b.format()));
            }
            x.child(StorageXmlSupport.permissions(b.permissions()));
            v.child(x);
        }
        return v.render();
    }
}
