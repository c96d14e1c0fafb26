package io.jvirt.conf.storage;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlElement;

/** Maps a {@code <volume>} element tree to a {@link VolumeDef}. */
final class VolumeParser {

    private VolumeParser() {
    }

    static VolumeDef parse(XmlElement root) {
        XmlCursor v = new XmlCursor(root);
        if (!v.name().equals("volume")) {
            throw v.error(Kind.UNKNOWN_ELEMENT,
                    "the root element is <" + v.name() + ">, but a volume definition must start with <volume>.");
        }
        VolumeType type = v.enumAttr("type", VolumeType.class);
        XmlCursor nameEl = v.requireChild("name");
        String name = nameEl.text();
        nameEl.finish();
        nameEl.build(() -> {
            VolumeDef.validateName(name);
            return name;
        });
        String key = v.childText("key");
        XmlCursor capEl = v.requireChild("capacity");
        long capacity = sized(capEl, "The volume capacity", "capacity");
        Long allocation = sized(v.child("allocation"), "The volume allocation", "allocation");
        Long physical = StorageXmlSupport.size(v.child("physical"), "The volume physical size");
        XmlCursor t = v.child("target");
        VolumeTarget target = t == null ? VolumeTarget.NONE : target(t);
        XmlCursor b = v.child("backingStore");
        BackingStore backing = b == null ? null : backing(b);
        v.finish();
        return v.build(() -> new VolumeDef(type, name, key, capacity, allocation, physical, target, backing));
    }

    private static Long sized(XmlCursor c, String what, String field) {
        Long bytes = StorageXmlSupport.size(c, what);
        if (bytes != null) {
            c.build(() -> {
                VolumeDef.checkSize(bytes, field);
                return bytes;
            });
        }
        return bytes;
    }

    private static VolumeTarget target(XmlCursor c) {
        String path = c.childText("path");
        VolumeFormat format = StorageXmlSupport.formatType(c.child("format"), VolumeFormat.class);
        Permissions perms = StorageXmlSupport.permissions(c.child("permissions"));
        Timestamps times = timestamps(c.child("timestamps"));
        String compat = c.childText("compat");
        Long clusterSize = StorageXmlSupport.size(c.child("clusterSize"), "The qcow2 cluster size");
        boolean lazy = false;
        XmlCursor f = c.child("features");
        if (f != null) {
            lazy = f.flag("lazy_refcounts");
            f.finish();
        }
        c.finish();
        boolean fl = lazy;
        return c.build(() -> new VolumeTarget(path, format, perms, times, compat, clusterSize, fl));
    }

    private static Timestamps timestamps(XmlCursor c) {
        if (c == null) {
            return null;
        }
        String atime = c.childText("atime");
        String btime = c.childText("btime");
        String ctime = c.childText("ctime");
        String mtime = c.childText("mtime");
        c.finish();
        return c.build(() -> new Timestamps(atime, btime, ctime, mtime));
    }

    private static BackingStore backing(XmlCursor c) {
        XmlCursor pathEl = c.requireChild("path");
        String path = pathEl.requireText();
        pathEl.finish();
        VolumeFormat format = StorageXmlSupport.formatType(c.child("format"), VolumeFormat.class);
        Permissions perms = StorageXmlSupport.permissions(c.child("permissions"));
        c.finish();
        return c.build(() -> new BackingStore(path, format, perms));
    }
}
