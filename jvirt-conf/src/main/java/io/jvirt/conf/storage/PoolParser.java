package io.jvirt.conf.storage;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlElement;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Maps a {@code <pool>} element tree to a {@link PoolDef}. */
final class PoolParser {

    private PoolParser() {
    }

    static PoolDef parse(XmlElement root, RandomGenerator random) {
        XmlCursor p = new XmlCursor(root);
        if (!p.name().equals("pool")) {
            throw p.error(Kind.UNKNOWN_ELEMENT,
                    "the root element is <" + p.name() + ">, but a pool definition must start with <pool>.");
        }
        PoolType type = p.requireEnumAttr("type", PoolType.class);
        XmlCursor nameEl = p.requireChild("name");
        String name = nameEl.text();
        nameEl.finish();
        nameEl.build(() -> {
            PoolDef.validateName(name);
            return name;
        });
        UUID uuid = StorageXmlSupport.uuid(p.child("uuid"), random);
        Long capacity = StorageXmlSupport.size(p.child("capacity"), "The pool capacity");
        Long allocation = StorageXmlSupport.size(p.child("allocation"), "The pool allocation");
        Long available = StorageXmlSupport.size(p.child("available"), "The pool available space");
        PoolSource source = source(p.child("source"));
        PoolTarget target = target(p.requireChild("target"));
        p.finish();
        return p.build(() -> new PoolDef(type, name, uuid, capacity, allocation, available, source, target));
    }

    private static PoolSource source(XmlCursor c) {
        if (c == null) {
            return PoolSource.NONE;
        }
        String device = null;
        XmlCursor d = c.child("device");
        if (d != null) {
            device = d.requireAttr("path");
            d.finish();
            String dev = device;
            d.build(() -> new PoolSource(dev, null));
        }
        FsFormat format = StorageXmlSupport.formatType(c.child("format"), FsFormat.class);
        c.finish();
        String dev = device;
        return c.build(() -> new PoolSource(dev, format));
    }

    private static PoolTarget target(XmlCursor c) {
        XmlCursor pathEl = c.requireChild("path");
        String path = pathEl.requireText();
        pathEl.finish();
        pathEl.build(() -> new PoolTarget(path, null));
        Permissions perms = StorageXmlSupport.permissions(c.child("permissions"));
        c.finish();
        return c.build(() -> new PoolTarget(path, perms));
    }
}
