package io.jvirt.conf.domain;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.xml.XmlOut;

/**
 * Writes a {@link DiskDef} as libvirt does ({@code virDomainDiskDefFormat}): element and
 * attribute order, the defaults filled in at parse time, {@code <auth>} and {@code <encryption>}
 * where the definition put them. Under {@link Secrets#OMIT} the credentials ({@code <auth>})
 * and HTTP cookies are left out.
 */
final class DiskFormatter {

    private DiskFormatter() {
    }

    static XmlOut disk(DiskDef d, Secrets secrets) {
        XmlOut x = XmlOut.element("disk").attr("type", d.type()).attr("device", d.device()).attr("model", d.model())
                .yesNo("rawio", d.rawio()).attr("sgio", d.sgio()).attr("snapshot", d.snapshot());
        x.child(driver(d.driver(), d.source()));
        StorageSource s = d.source();
        if (d.authOnDisk() && s.auth() != null && secrets == Secrets.INCLUDE) {
            x.child(auth(s.auth()));
        }
        if (!s.location().isEmpty()) {
            XmlOut src = source(s, secrets, !d.authOnDisk(), !d.encryptionOnDisk());
            if (!(s.location() instanceof NetworkSource)) {
                src.attr("startupPolicy", d.startupPolicy());
            }
            x.child(src.attr("index", s.index()));
        } else if (d.startupPolicy() != null) {
            x.child(XmlOut.element("source").attr("startupPolicy", d.startupPolicy()));
        }
        x.child(backingStore(s.backing(), secrets));
        DiskGeometry g = d.geometry();
        if (g != null) {
            x.child(XmlOut.element("geometry").attr("cyls", g.cylinders()).attr("heads", g.heads())
                    .attr("secs", g.sectors()).attr("trans", g.trans()));
        }
        DiskBlockIo b = d.blockio();
        if (b != null) {
            x.child(XmlOut.element("blockio").attr("logical_block_size", b.logicalBlockSize())
                    .attr("physical_block_size", b.physicalBlockSize()));
        }
        DiskTarget t = d.target();
        x.child(XmlOut.element("target").attr("dev", t.dev()).attr("bus", t.bus()).attr("tray", t.tray())
                .onOff("removable", t.removable()).attr("rotation_rate", t.rotationRate()));
        x.child(iotune(d.iotune()));
        if (d.readonly()) {
            x.child(XmlOut.element("readonly"));
        }
        if (d.shareable()) {
            x.child(XmlOut.element("shareable"));
        }
        if (d.transientDisk() != null) {
            x.child(XmlOut.element("transient").yesNo("shareBacking",
                    Boolean.TRUE.equals(d.transientDisk().shareBacking()) ? Boolean.TRUE : null));
        }
        x.textChild("serial", d.serial());
        x.textChild("wwn", d.wwn());
        x.textChild("vendor", d.vendor());
        x.textChild("product", d.product());
        if (d.encryptionOnDisk() && s.encryption() != null) {
            x.child(encryption(s.encryption()));
        }
        if (d.bootOrder() != null) {
            x.child(XmlOut.element("boot").attr("order", d.bootOrder()).attr("loadparm", d.loadparm()));
        }
        if (d.alias() != null) {
            x.child(XmlOut.element("alias").attr("name", d.alias()));
        }
        return x.child(AddressParser.format(d.address()));
    }

    private static XmlOut driver(DiskDriver dr, StorageSource s) {
        XmlOut x = XmlOut.element("driver").attr("name", dr.name()).attr("type", s.format()).attr("cache", dr.cache())
                .attr("error_policy", dr.errorPolicy()).attr("rerror_policy", dr.rerrorPolicy()).attr("io", dr.io())
                .onOff("ioeventfd", dr.ioeventfd()).onOff("event_idx", dr.eventIdx())
                .onOff("copy_on_read", dr.copyOnRead()).attr("discard", dr.discard()).attr("iothread", dr.iothread())
                .attr("detect_zeroes", dr.detectZeroes()).attr("queues", dr.queues())
                .attr("queue_size", dr.queueSize());
        virtio(x, dr.virtio());
        return x.child(metadataCache(s.metadataCacheMaxSize()));
    }

    /** Adds the virtio options in libvirt's order. */
    static XmlOut virtio(XmlOut x, VirtioOptions v) {
        return x.onOff("iommu", v.iommu()).onOff("ats", v.ats()).onOff("packed", v.packed())
                .onOff("page_per_vq", v.pagePerVq());
    }

    private static XmlOut metadataCache(Long bytes) {
        if (bytes == null) {
            return null;
        }
        return XmlOut.element("metadata_cache")
                .child(XmlOut.element("max_size").attr("unit", "bytes").text(bytes.toString()));
    }

    private static XmlOut source(StorageSource s, Secrets secrets, boolean withAuth, boolean withEncryption) {
        XmlOut x = XmlOut.element("source");
        switch (s.location()) {
            case DiskSource.File f -> x.attr("file", f.path());
            case DiskSource.Block b -> x.attr("dev", b.dev());
            case DiskSource.Dir d -> x.attr("dir", d.dir());
            case NetworkSource n -> network(x, n, secrets);
            case DiskSource.Volume v -> x.attr("pool", v.pool()).attr("volume", v.volume()).attr("mode", v.mode())
                    .attr("file", v.file());
            case DiskSource.Nvme n -> x.attr("type", "pci").yesNo("managed", n.managed()).attr("namespace", n.namespace())
                    .child(XmlOut.element("address").attr("domain", String.format("0x%04x", n.address().domain()))
                            .attr("bus", String.format("0x%02x", n.address().bus()))
                            .attr("slot", String.format("0x%02x", n.address().slot()))
                            .attr("function", String.format("0x%x", n.address().function())));
            case DiskSource.VhostUser v -> {
                x.attr("type", "unix").attr("path", v.path());
                if (v.reconnectEnabled() != null) {
                    x.child(XmlOut.element("reconnect").yesNo("enabled", v.reconnectEnabled())
                            .attr("timeout", v.reconnectSeconds()));
                }
            }
        }
        StorageSource.Slice slice = s.slice();
        if (slice != null) {
            x.child(XmlOut.element("slices").child(XmlOut.element("slice").attr("type", "storage")
                    .attr("offset", slice.offset()).attr("size", slice.size())));
        }
        if (!(s.location() instanceof NetworkSource)) {
            for (Seclabel l : s.seclabels()) {
                XmlOut sl = XmlOut.element("seclabel").attr("model", l.model())
                        .attr("relabel", Boolean.FALSE.equals(l.relabel()) ? "no" : "yes");
                if (l.label() != null) {
                    sl.child(XmlOut.element("label").text(l.label()));
                }
                x.child(sl);
            }
        }
        if (withAuth && s.auth() != null && secrets == Secrets.INCLUDE
                && !(s.location() instanceof DiskSource.Volume)) {
            x.child(auth(s.auth()));
        }
        if (withEncryption && s.encryption() != null) {
            x.child(encryption(s.encryption()));
        }
        Reservations r = s.reservations();
        if (r != null) {
            XmlOut rx = XmlOut.element("reservations").yesNo("managed", r.managed());
            if (r.path() != null) {
                rx.child(XmlOut.element("source").attr("type", "unix").attr("path", r.path()).attr("mode", "client"));
            }
            x.child(rx);
        }
        return x;
    }

    private static void network(XmlOut x, NetworkSource n, Secrets secrets) {
        x.attr("protocol", n.protocol()).attr("name", n.name()).attr("query", n.query()).yesNo("tls", n.tls())
                .attr("tlsHostname", n.tlsHostname());
        for (NetworkSource.Host h : n.hosts()) {
            x.child(XmlOut.element("host").attr("name", h.name()).attr("port", h.port())
                    .attr("transport", h.transport() == NetworkSource.Transport.TCP ? null : h.transport())
                    .attr("socket", h.socket()));
        }
        if (n.nfsUser() != null || n.nfsGroup() != null) {
            x.child(XmlOut.element("identity").attr("user", n.nfsUser()).attr("group", n.nfsGroup()));
        }
        if (n.snapshot() != null) {
            x.child(XmlOut.element("snapshot").attr("name", n.snapshot()));
        }
        if (n.config() != null) {
            x.child(XmlOut.element("config").attr("file", n.config()));
        }
        if (n.initiatorIqn() != null) {
            x.child(XmlOut.element("initiator").child(XmlOut.element("iqn").attr("name", n.initiatorIqn())));
        }
        if (n.sslVerify() != null) {
            x.child(XmlOut.element("ssl").yesNo("verify", n.sslVerify()));
        }
        if (!n.cookies().isEmpty() && secrets == Secrets.INCLUDE) {
            XmlOut cs = XmlOut.element("cookies");
            n.cookies().forEach(c -> cs.child(XmlOut.element("cookie").attr("name", c.name()).text(c.value())));
            x.child(cs);
        }
        if (n.readahead() != null) {
            x.child(XmlOut.element("readahead").attr("size", n.readahead()));
        }
        if (n.timeout() != null) {
            x.child(XmlOut.element("timeout").attr("seconds", n.timeout()));
        }
    }

    private static XmlOut backingStore(BackingStore b, Secrets secrets) {
        return switch (b) {
            case null -> null;
            case BackingStore.End e -> XmlOut.element("backingStore");
            case StorageSource s -> XmlOut.element("backingStore").attr("type", s.location().type())
                    .attr("index", s.index())
                    .child(XmlOut.element("format").attr("type", s.format())
                            .child(metadataCache(s.metadataCacheMaxSize())))
                    .child(source(s, secrets, true, true))
                    .child(backingStore(s.backing(), secrets));
        };
    }

    private static XmlOut auth(DiskAuth a) {
        return XmlOut.element("auth").attr("username", a.username()).child(secret(XmlOut.element("secret")
                .attr("type", a.secretType()), a.secret()));
    }

    private static XmlOut secret(XmlOut x, SecretRef r) {
        return x.attr("usage", r.usage()).attr("uuid", r.uuid());
    }

    private static XmlOut encryption(DiskEncryption e) {
        XmlOut x = XmlOut.element("encryption").attr("format", e.format()).attr("engine", e.engine());
        e.secrets().forEach(r -> x.child(secret(XmlOut.element("secret").attr("type", "passphrase"), r)));
        return x;
    }

    private static XmlOut iotune(IoTune t) {
        if (t == null || !t.hasLimits() && t.groupName() == null) {
            return null;
        }
        XmlOut x = XmlOut.element("iotune");
        for (String n : IoTune.BEFORE_GROUP) {
            if (t.get(n) > 0) {
                x.textChild(n, t.get(n));
            }
        }
        x.textChild("group_name", t.groupName());
        for (String n : IoTune.AFTER_GROUP) {
            if (t.get(n) > 0) {
                x.textChild(n, t.get(n));
            }
        }
        return x;
    }
}
