package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;

/** Reads and writes {@code <memory>} devices ({@link MemoryDeviceDef}). */
final class MemoryDeviceXml {

    private MemoryDeviceXml() {
    }

    static MemoryDeviceDef read(XmlCursor c) {
        MemoryDeviceDef.Model model = c.requireEnumAttr("model", MemoryDeviceDef.Model.class);
        MemoryBackingDef.Access access = c.enumAttr("access", MemoryBackingDef.Access.class);
        Boolean discard = c.yesNoAttr("discard");
        MemoryDeviceDef.Source source = null;
        XmlCursor s = c.child("source");
        if (s != null) {
            Long pagesize = null;
            CpuSet nodemask = null;
            String path = null;
            Long align = null;
            boolean pmem = false;
            switch (model) {
                case DIMM, VIRTIO_MEM -> {
                    pagesize = TuningParser.kib(s, "pagesize");
                    String mask = s.childText("nodemask");
                    nodemask = mask == null ? null : s.build(() -> CpuSet.parse(mask, "The <nodemask>"));
                }
                case NVDIMM -> {
                    path = s.childText("path");
                    align = TuningParser.kib(s, "alignsize");
                    pmem = s.flag("pmem");
                }
                case VIRTIO_PMEM -> path = s.childText("path");
            }
            s.finish();
            Long fp = pagesize;
            CpuSet fn = nodemask;
            String fpath = path;
            Long fa = align;
            boolean fpm = pmem;
            source = s.build(() -> new MemoryDeviceDef.Source(fp, fn, fpath, fa, fpm));
        }
        XmlCursor t = c.requireChild("target");
        Long size = TuningParser.kib(t, "size");
        if (size == null) {
            throw t.error(Kind.MISSING_VALUE, "The <target> of a memory device needs a <size>.");
        }
        Integer node = null;
        XmlCursor n = t.child("node");
        if (n != null) {
            node = (int) n.longText(65535);
            n.finish();
        }
        Long label = null;
        boolean readonly = false;
        Long block = null;
        Long requested = null;
        switch (model) {
            case NVDIMM -> {
                XmlCursor l = t.child("label");
                if (l != null) {
                    label = TuningParser.kib(l, "size");
                    l.finish();
                }
                readonly = t.flag("readonly");
            }
            case VIRTIO_MEM -> {
                block = TuningParser.kib(t, "block");
                requested = TuningParser.kib(t, "requested");
                t.child("current"); // the size a running guest has plugged, not kept in a definition
            }
            case DIMM, VIRTIO_PMEM -> {
                // only size and node
            }
        }
        t.finish();
        MemoryDeviceDef.Dimm dimm = null;
        Address address = null;
        XmlCursor a = c.child("address");
        if (a != null && "dimm".equals(a.attr("type"))) {
            Integer slot = a.intAttr("slot", 65535);
            Long base = a.longAttr("base", Long.MAX_VALUE);
            a.finish();
            dimm = new MemoryDeviceDef.Dimm(slot, base);
        } else {
            address = AddressParser.address(a);
        }
        c.finish();
        Integer fnode = node;
        Long flabel = label;
        boolean fro = readonly;
        Long fblock = block;
        Long freq = requested;
        MemoryDeviceDef.Target target = t.build(() -> new MemoryDeviceDef.Target(size, fnode, flabel, fro, fblock,
                freq));
        MemoryDeviceDef.Source fs = source;
        MemoryDeviceDef.Dimm fd = dimm;
        Address fad = address;
        return c.build(() -> new MemoryDeviceDef(model, access, discard, fs, target, fd, fad));
    }

    static XmlOut write(MemoryDeviceDef m) {
        XmlOut x = XmlOut.element("memory").attr("model", m.model()).attr("access", m.access())
                .yesNo("discard", m.discard());
        MemoryDeviceDef.Source s = m.source();
        if (!s.isEmpty()) {
            XmlOut src = XmlOut.element("source");
            switch (m.model()) {
                case DIMM, VIRTIO_MEM -> {
                    src.textChild("nodemask", s.nodemask());
                    src.child(kib("pagesize", s.pagesizeKiB()));
                }
                case NVDIMM -> {
                    src.textChild("path", s.path());
                    src.child(kib("alignsize", s.alignsizeKiB()));
                    if (s.pmem()) {
                        src.child(XmlOut.element("pmem"));
                    }
                }
                case VIRTIO_PMEM -> src.textChild("path", s.path());
            }
            x.child(src);
        }
        MemoryDeviceDef.Target t = m.target();
        XmlOut tgt = XmlOut.element("target").child(kib("size", t.sizeKiB())).textChild("node", t.node());
        if (t.labelKiB() != null) {
            tgt.child(XmlOut.element("label").child(kib("size", t.labelKiB())));
        }
        if (t.readonly()) {
            tgt.child(XmlOut.element("readonly"));
        }
        tgt.child(kib("block", t.blockKiB())).child(kib("requested", t.requestedKiB()));
        x.child(tgt);
        if (m.dimm() != null) {
            x.child(XmlOut.element("address").attr("type", "dimm").attr("slot", m.dimm().slot())
                    .attr("base", m.dimm().base() == null ? null : "0x" + Long.toHexString(m.dimm().base())));
        }
        return x.child(AddressParser.format(m.address()));
    }

    private static XmlOut kib(String name, Long value) {
        return value == null ? null : XmlOut.element(name).attr("unit", "KiB").text(Long.toString(value));
    }
}
