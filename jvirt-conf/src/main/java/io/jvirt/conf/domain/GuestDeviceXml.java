package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;

/**
 * Reads and writes the platform devices: {@code <watchdog>}, {@code <panic>}, {@code <iommu>},
 * {@code <vsock>}, {@code <shmem>} and {@code <lease>}, in libvirt's element and attribute order;
 * and refuses {@code <nvram>}, a pSeries device.
 */
final class GuestDeviceXml {

    private GuestDeviceXml() {
    }

    static WatchdogDef watchdog(XmlCursor c) {
        WatchdogDef.Model model = c.requireEnumAttr("model", WatchdogDef.Model.class);
        WatchdogDef.Action action = c.enumAttr("action", WatchdogDef.Action.class);
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        return c.build(() -> new WatchdogDef(model, action, address));
    }

    static XmlOut watchdog(WatchdogDef w) {
        return XmlOut.element("watchdog").attr("model", w.model()).attr("action", w.action())
                .child(AddressParser.format(w.address()));
    }

    static PanicDef panic(XmlCursor c) {
        PanicDef.Model model = c.enumAttr("model", PanicDef.Model.class);
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        return c.build(() -> new PanicDef(model, address));
    }

    static XmlOut panic(PanicDef p) {
        return XmlOut.element("panic").attr("model", p.model()).child(AddressParser.format(p.address()));
    }

    static IommuDef iommu(XmlCursor c) {
        IommuDef.Model model = c.requireEnumAttr("model", IommuDef.Model.class);
        Boolean intremap = null;
        Boolean cachingMode = null;
        Boolean eim = null;
        Boolean iotlb = null;
        Integer awBits = null;
        XmlCursor d = c.child("driver");
        if (d != null) {
            intremap = d.onOffAttr("intremap");
            cachingMode = d.onOffAttr("caching_mode");
            eim = d.onOffAttr("eim");
            iotlb = d.onOffAttr("iotlb");
            awBits = d.intAttr("aw_bits", 255);
            d.finish();
        }
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        Boolean fi = intremap;
        Boolean fc = cachingMode;
        Boolean fe = eim;
        Boolean ft = iotlb;
        Integer fa = awBits;
        return c.build(() -> new IommuDef(model, fi, fc, fe, ft, fa, address));
    }

    static XmlOut iommu(IommuDef i) {
        XmlOut x = XmlOut.element("iommu").attr("model", i.model());
        if (i.hasDriver()) {
            x.child(XmlOut.element("driver").onOff("intremap", i.intremap()).onOff("caching_mode", i.cachingMode())
                    .onOff("eim", i.eim()).onOff("iotlb", i.iotlb()).attr("aw_bits", i.awBits()));
        }
        return x.child(AddressParser.format(i.address()));
    }

    static VsockDef vsock(XmlCursor c) {
        VirtioModel model = c.enumAttr("model", VirtioModel.class);
        Boolean auto = null;
        Integer cid = null;
        XmlCursor cidEl = c.child("cid");
        if (cidEl != null) {
            auto = cidEl.yesNoAttr("auto");
            cid = cidEl.intAttr("address", Integer.MAX_VALUE);
            cidEl.finish();
        }
        Address address = AddressParser.address(c.child("address"));
        XmlCursor d = c.child("driver");
        VirtioOptions options = VirtioOptions.read(d);
        if (d != null) {
            d.finish();
        }
        c.finish();
        Boolean fa = auto;
        Integer fc = cid;
        return c.build(() -> new VsockDef(model, fa, fc, options, address));
    }

    static XmlOut vsock(VsockDef v) {
        XmlOut x = XmlOut.element("vsock").attr("model", v.model());
        if (v.autoCid() != null || v.cid() != null) {
            x.child(XmlOut.element("cid").yesNo("auto", v.autoCid()).attr("address", v.cid()));
        }
        x.child(AddressParser.format(v.address()));
        if (!v.options().isEmpty()) {
            x.child(v.options().write(XmlOut.element("driver")));
        }
        return x;
    }

    static ShmemDef shmem(XmlCursor c) {
        String name = c.requireAttr("name");
        ShmemDef.Role role = c.enumAttr("role", ShmemDef.Role.class);
        ShmemDef.Model model = null;
        XmlCursor m = c.child("model");
        if (m != null) {
            model = m.requireEnumAttr("type", ShmemDef.Model.class);
            m.finish();
        }
        Long size = null;
        XmlCursor s = c.child("size");
        if (s != null) {
            String unit = s.attr("unit");
            String value = s.requireText();
            s.finish();
            long kib = s.build(() -> MemoryUnits.toKiB(value, unit == null ? "b" : unit));
            size = kib * 1024;
        }
        boolean server = false;
        String serverPath = null;
        XmlCursor srv = c.child("server");
        if (srv != null) {
            server = true;
            serverPath = srv.attr("path");
            srv.finish();
        }
        boolean msi = false;
        Integer vectors = null;
        Boolean ioeventfd = null;
        XmlCursor msiEl = c.child("msi");
        if (msiEl != null) {
            msi = true;
            vectors = msiEl.intAttr("vectors", Integer.MAX_VALUE);
            ioeventfd = msiEl.onOffAttr("ioeventfd");
            msiEl.finish();
        }
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        ShmemDef.Model fm = model;
        Long fs = size;
        boolean fsrv = server;
        String fp = serverPath;
        boolean fmsi = msi;
        Integer fv = vectors;
        Boolean fio = ioeventfd;
        return c.build(() -> new ShmemDef(name, role, fm, fs, fsrv, fp, fmsi, fv, fio, address));
    }

    static XmlOut shmem(ShmemDef s) {
        XmlOut x = XmlOut.element("shmem").attr("name", s.name()).attr("role", s.role());
        x.child(XmlOut.element("model").attr("type", s.model()));
        if (s.sizeBytes() != null) {
            x.child(XmlOut.element("size").attr("unit", "M").text(Long.toString(s.sizeBytes() >> 20)));
        }
        if (s.server()) {
            x.child(XmlOut.element("server").attr("path", s.serverPath()));
        }
        if (s.msi()) {
            x.child(XmlOut.element("msi").attr("vectors", s.vectors()).onOff("ioeventfd", s.ioeventfd()));
        }
        return x.child(AddressParser.format(s.address()));
    }

    static LeaseDef lease(XmlCursor c) {
        String lockspace = c.childText("lockspace");
        String key = c.childText("key");
        XmlCursor t = c.requireChild("target");
        String path = t.requireAttr("path");
        Long offset = t.longAttr("offset", Long.MAX_VALUE);
        t.finish();
        c.finish();
        if (key == null) {
            throw c.error(Kind.MISSING_VALUE, "<lease> is missing the required element <key>.");
        }
        return c.build(() -> new LeaseDef(lockspace, key, path, offset));
    }

    static XmlOut lease(LeaseDef l) {
        return XmlOut.element("lease").textChild("lockspace", l.lockspace()).textChild("key", l.key())
                .child(XmlOut.element("target").attr("path", l.path())
                        .attr("offset", l.offset() == null || l.offset() == 0 ? null : l.offset()));
    }

    /** The {@code <nvram>} device is the pSeries NVRAM on the sPAPR VIO bus: x86 guests have none. */
    static DeviceDef nvram(XmlCursor c) {
        throw c.error(Kind.UNSUPPORTED, "The <nvram> device is the NVRAM of pSeries (ppc64) guests, which x86 guests "
                + "do not have; remove it (UEFI variables go in <os><nvram> instead).");
    }
}
