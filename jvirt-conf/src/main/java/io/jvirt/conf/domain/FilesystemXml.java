package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;

/**
 * Reads and writes {@code <filesystem>}: libvirt's element and attribute order, with
 * {@code accessmode='passthrough'} filled in for a share jvirt serves (libvirt does that).
 */
final class FilesystemXml {

    private FilesystemXml() {
    }

    static FilesystemDef filesystem(XmlCursor c) {
        String type = c.attr("type");
        if (type != null && !type.equals("mount")) {
            throw c.error(Kind.UNSUPPORTED, "A filesystem of type '" + type + "' is for containers; QEMU guests share "
                    + "host directories with type='mount'.");
        }
        FilesystemDef.AccessMode access = c.enumAttr("accessmode", FilesystemDef.AccessMode.class);
        FilesystemDef.Model model = c.enumAttr("model", FilesystemDef.Model.class);
        FilesystemDef.Multidevs multidevs = c.enumAttr("multidevs", FilesystemDef.Multidevs.class);
        Integer fmode = octal(c, "fmode");
        Integer dmode = octal(c, "dmode");
        FilesystemDef.Driver driver = null;
        FilesystemDef.Wrpolicy wrpolicy = null;
        Integer queue = null;
        VirtioOptions virtio = VirtioOptions.NONE;
        XmlCursor dr = c.child("driver");
        if (dr != null) {
            driver = dr.enumAttr("type", FilesystemDef.Driver.class);
            wrpolicy = dr.enumAttr("wrpolicy", FilesystemDef.Wrpolicy.class);
            if (driver == FilesystemDef.Driver.VIRTIOFS) {
                queue = dr.intAttr("queue", Integer.MAX_VALUE);
            }
            virtio = VirtioOptions.read(dr);
            dr.finish();
        }
        FilesystemDef.Binary binary = driver == FilesystemDef.Driver.VIRTIOFS ? binary(c.child("binary")) : null;
        String dir = null;
        String socket = null;
        XmlCursor src = c.child("source");
        if (src != null) {
            dir = src.attr("dir");
            socket = src.attr("socket");
            src.finish();
        }
        String target = null;
        XmlCursor t = c.child("target");
        if (t != null) {
            target = t.requireAttr("dir");
            t.finish();
        }
        boolean readonly = c.flag("readonly");
        Integer boot = DeviceParser.bootOrder(c);
        String alias = DiskParser.alias(c);
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        // libvirt: a share it serves itself defaults to passthrough
        FilesystemDef.AccessMode fa = access == null && socket == null ? FilesystemDef.AccessMode.PASSTHROUGH : access;
        FilesystemDef.Driver fd = driver;
        FilesystemDef.Wrpolicy fw = wrpolicy;
        Integer fq = queue;
        VirtioOptions fv = virtio;
        String fdir = dir;
        String fs = socket;
        String ft = target;
        return c.build(() -> new FilesystemDef(fa, model, multidevs, fmode, dmode, fd, fw, fq, fv, binary, fdir, fs, ft,
                readonly, boot, alias, address));
    }

    private static Integer octal(XmlCursor c, String name) {
        String v = c.attr(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v, 8);
        } catch (NumberFormatException e) {
            throw c.invalid(name, v, "expected an octal file mode such as 0644");
        }
    }

    private static FilesystemDef.Binary binary(XmlCursor b) {
        if (b == null) {
            return null;
        }
        String path = b.attr("path");
        Boolean xattr = b.onOffAttr("xattr");
        FilesystemDef.CacheMode cache = null;
        XmlCursor cm = b.child("cache");
        if (cm != null) {
            cache = cm.requireEnumAttr("mode", FilesystemDef.CacheMode.class);
            cm.finish();
        }
        FilesystemDef.SandboxMode sandbox = null;
        XmlCursor sm = b.child("sandbox");
        if (sm != null) {
            sandbox = sm.requireEnumAttr("mode", FilesystemDef.SandboxMode.class);
            sm.finish();
        }
        Boolean posix = null;
        Boolean flock = null;
        XmlCursor lock = b.child("lock");
        if (lock != null) {
            posix = lock.onOffAttr("posix");
            flock = lock.onOffAttr("flock");
            lock.finish();
        }
        Integer pool = null;
        XmlCursor tp = b.child("thread_pool");
        if (tp != null) {
            tp.requireAttr("size");
            pool = tp.intAttr("size", Integer.MAX_VALUE);
            tp.finish();
        }
        b.finish();
        FilesystemDef.CacheMode fc = cache;
        FilesystemDef.SandboxMode fs = sandbox;
        Boolean fp = posix;
        Boolean ff = flock;
        Integer ft = pool;
        return b.build(() -> new FilesystemDef.Binary(path, xattr, fc, fs, fp, ff, ft));
    }

    static XmlOut format(FilesystemDef f) {
        XmlOut x = XmlOut.element("filesystem").attr("type", "mount").attr("accessmode", f.accessMode())
                .attr("model", f.model()).attr("multidevs", f.multidevs())
                .attr("fmode", f.fmode() == null ? null : String.format("%04o", f.fmode()))
                .attr("dmode", f.dmode() == null ? null : String.format("%04o", f.dmode()));
        XmlOut dr = XmlOut.element("driver").attr("type", f.driver()).attr("wrpolicy", f.wrpolicy())
                .attr("queue", f.queueSize());
        DiskFormatter.virtio(dr, f.virtio());
        if (!dr.isEmpty()) {
            x.child(dr);
        }
        FilesystemDef.Binary b = f.binary();
        if (b != null) {
            XmlOut bx = XmlOut.element("binary").attr("path", b.path()).onOff("xattr", b.xattr());
            if (b.cache() != null) {
                bx.child(XmlOut.element("cache").attr("mode", b.cache()));
            }
            if (b.sandbox() != null) {
                bx.child(XmlOut.element("sandbox").attr("mode", b.sandbox()));
            }
            if (b.posixLock() != null || b.flock() != null) {
                bx.child(XmlOut.element("lock").onOff("posix", b.posixLock()).onOff("flock", b.flock()));
            }
            if (b.threadPoolSize() != null) {
                bx.child(XmlOut.element("thread_pool").attr("size", b.threadPoolSize()));
            }
            x.child(bx);
        }
        x.child(XmlOut.element("source").attr("dir", f.sourceDir()).attr("socket", f.sourceSocket()));
        x.child(XmlOut.element("target").attr("dir", f.targetDir()));
        if (f.readonly()) {
            x.child(XmlOut.element("readonly"));
        }
        if (f.bootOrder() != null) {
            x.child(XmlOut.element("boot").attr("order", f.bootOrder()));
        }
        if (f.alias() != null) {
            x.child(XmlOut.element("alias").attr("name", f.alias()));
        }
        return x.child(AddressParser.format(f.address()));
    }
}
