package io.jvirt.cli.live;

import io.jvirt.conf.xml.XmlElement;
import io.jvirt.conf.xml.XmlOut;
import io.jvirt.conf.xml.XmlReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The device elements of a domain document as virsh reads them for detach-disk,
 * detach-interface and change-media (XPath {@code /domain/devices/disk}): found by target or
 * source, copied and changed element by element, written back as one device document.
 */
final class DomainDevicesXml {
    private final List<XmlElement> devices;

    private DomainDevicesXml(List<XmlElement> devices) {
        this.devices = devices;
    }

    static DomainDevicesXml of(String domainXml) {
        XmlElement root = XmlReader.read(domainXml);
        for (XmlElement c : root.children()) {
            if (c.name().equals("devices")) {
                return new DomainDevicesXml(c.children());
            }
        }
        return new DomainDevicesXml(List.of());
    }

    /** The device elements with this name ({@code disk}, {@code interface}), in document order. */
    List<XmlElement> all(String name) {
        return devices.stream().filter(d -> d.name().equals(name)).toList();
    }

    /**
     * The disk whose target or source (file, dev, dir, name, or volume) is {@code path}, as
     * virshFindDisk; with {@code removable}, only cdroms and floppies.
     */
    XmlElement disk(String path, boolean removable) {
        for (XmlElement d : all("disk")) {
            String device = d.attributes().get("device");
            if (removable && device != null && !device.equals("cdrom") && !device.equals("floppy")) {
                continue;
            }
            XmlElement source = child(d, "source");
            XmlElement target = child(d, "target");
            if (target != null && path.equals(target.attributes().get("dev"))) {
                return d;
            }
            if (source != null) {
                Map<String, String> a = source.attributes();
                for (String attr : List.of("file", "dev", "dir", "name", "volume")) {
                    if (path.equals(a.get(attr))) {
                        return d;
                    }
                }
            }
        }
        throw new IllegalArgumentException("No disk found whose source path or target is " + path);
    }

    static XmlElement child(XmlElement e, String name) {
        for (XmlElement c : e.children()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** An element as a device document, virsh's indentation. */
    static String format(XmlElement e) {
        return XmlOut.from(e).render();
    }

    /** A copy of an element with its children replaced. */
    static XmlElement withChildren(XmlElement e, Map<String, String> attributes, List<XmlElement> children) {
        return new XmlElement(e.name(), attributes, new ArrayList<>(children), "", e.line());
    }
}
