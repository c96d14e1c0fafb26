package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads a storage source: the {@code <source>} of a disk or of a {@code <backingStore>}, with
 * its {@code <slices>}, {@code <seclabel>}s, {@code <auth>}, {@code <encryption>} and
 * {@code <reservations>}, and a backing chain.
 */
final class StorageSourceParser {

    /** Every attribute a {@code <source>} may carry in one variant or another. */
    private static final List<String> LOCATION_ATTRIBUTES = List.of("file", "dev", "dir", "protocol", "name", "query",
            "tls", "tlsHostname", "pool", "volume", "mode", "managed", "namespace", "path");

    private StorageSourceParser() {
    }

    /**
     * A layer read from its {@code <source>}, before the parts a disk may give outside it.
     *
     * @param location where the bytes are
     * @param format the format
     * @param metadataCache the metadata cache limit, or null
     * @param index the layer index, or null
     * @param slice the storage slice, or null
     * @param seclabels the label overrides
     * @param auth the credentials given inside the source, or null
     * @param encryption the encryption given inside the source, or null
     * @param reservations the reservations, or null
     */
    record Layer(DiskSource location, DiskFormat format, Long metadataCache, Integer index, StorageSource.Slice slice,
                 List<Seclabel> seclabels, DiskAuth auth, DiskEncryption encryption, Reservations reservations) {

        /** Completes the layer. */
        StorageSource source(DiskAuth finalAuth, DiskEncryption finalEncryption, BackingStore backing) {
            return new StorageSource(location, format, metadataCache, index, slice, seclabels, finalAuth,
                    finalEncryption, reservations, backing);
        }
    }

    /**
     * Reads a layer.
     *
     * @param type the disk or backing type
     * @param src the {@code <source>}, or null for an empty drive
     * @param format the format, or null
     * @param metadataCache the metadata cache limit, or null
     * @param index the index, or null
     * @return the layer
     */
    static Layer layer(DiskSource.Type type, XmlCursor src, DiskFormat format, Long metadataCache, Integer index) {
        if (src == null) {
            DiskSource empty = switch (type) {
                case FILE -> new DiskSource.File(null);
                case BLOCK -> new DiskSource.Block(null);
                case DIR -> new DiskSource.Dir(null);
                case VOLUME -> new DiskSource.Volume(null, null, null, null);
                // libvirt: without a <source> the type is reset to 'file', an empty drive
                case NETWORK, NVME, VHOSTUSER -> new DiskSource.File(null);
            };
            return new Layer(empty, format, metadataCache, index, null, List.of(), null, null, null);
        }
        List<String> others = new ArrayList<>(LOCATION_ATTRIBUTES);
        others.removeAll(readsAttributes(type));
        src.notApplicable("a disk of type '" + type.xml() + "'", others.toArray(String[]::new));
        DiskSource location = switch (type) {
            case FILE -> src.build(() -> new DiskSource.File(emptyToNull(src.attr("file"))));
            case BLOCK -> src.build(() -> new DiskSource.Block(emptyToNull(src.attr("dev"))));
            case DIR -> src.build(() -> new DiskSource.Dir(emptyToNull(src.attr("dir"))));
            case NETWORK -> NetworkSourceParser.network(src);
            case VOLUME -> volume(src);
            case NVME -> nvme(src);
            case VHOSTUSER -> vhostUser(src);
        };
        StorageSource.Slice slice = slices(src.child("slices"));
        List<Seclabel> seclabels = new ArrayList<>();
        for (XmlCursor s : src.children("seclabel")) {
            Seclabel l = seclabel(s);
            if (l != null) {
                seclabels.add(l);
            }
        }
        DiskAuth auth = src.child("auth") == null ? null : auth(src.child("auth"));
        DiskEncryption encryption = src.child("encryption") == null ? null : encryption(src.child("encryption"));
        Reservations reservations = reservations(src.child("reservations"));
        src.finish();
        return new Layer(location, format, metadataCache, index, slice, List.copyOf(seclabels), auth, encryption,
                reservations);
    }

    private static List<String> readsAttributes(DiskSource.Type type) {
        return switch (type) {
            case FILE -> List.of("file");
            case BLOCK -> List.of("dev");
            case DIR -> List.of("dir");
            case NETWORK -> List.of("protocol", "name", "query", "tls", "tlsHostname");
            case VOLUME -> List.of("pool", "volume", "mode", "file");
            case NVME -> List.of("managed", "namespace");
            case VHOSTUSER -> List.of("path");
        };
    }

    /** libvirt reads an empty path as "no medium". */
    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static DiskSource volume(XmlCursor src) {
        String pool = src.requireAttr("pool");
        String volume = src.requireAttr("volume");
        DiskSource.PoolMode mode = src.enumAttr("mode", DiskSource.PoolMode.class);
        String file = src.attr("file");
        return src.build(() -> new DiskSource.Volume(pool, volume, mode, file));
    }

    private static DiskSource nvme(XmlCursor src) {
        String type = src.requireAttr("type");
        if (!type.equals("pci")) {
            throw src.invalid("type", type, "an NVMe disk source must be type='pci'");
        }
        Boolean managed = src.yesNoAttr("managed");
        src.requireAttr("namespace");
        Long namespace = src.longAttr("namespace", Long.MAX_VALUE);
        XmlCursor a = src.child("address");
        if (a == null) {
            throw src.error(Kind.MISSING_VALUE, "An NVMe disk source needs the controller's <address domain bus slot "
                    + "function/>.");
        }
        String at = a.attr("type");
        if (at != null && !at.equals("pci")) {
            throw a.invalid("type", at, "an NVMe controller has a pci address");
        }
        int domain = num(a, "domain", 0xffff);
        int bus = num(a, "bus", 0xff);
        int slot = num(a, "slot", 0x1f);
        int function = num(a, "function", 7);
        a.finish();
        Address.Pci pci = a.build(() -> new Address.Pci(domain, bus, slot, function, null));
        return src.build(() -> new DiskSource.Nvme(managed == null ? Boolean.TRUE : managed, namespace, pci));
    }

    private static int num(XmlCursor c, String attr, int max) {
        Integer v = c.intAttr(attr, max);
        return v == null ? 0 : v;
    }

    private static DiskSource vhostUser(XmlCursor src) {
        String type = src.requireAttr("type");
        if (!type.equals("unix")) {
            throw src.invalid("type", type, "a vhost-user disk source must be type='unix'");
        }
        String path = src.requireAttr("path");
        Boolean enabled = null;
        Integer timeout = null;
        XmlCursor r = src.child("reconnect");
        if (r != null) {
            enabled = r.yesNoAttr("enabled");
            timeout = r.intAttr("timeout", Integer.MAX_VALUE);
            r.finish();
        }
        Boolean fe = enabled;
        Integer ft = timeout;
        return src.build(() -> new DiskSource.VhostUser(path, fe, ft));
    }

    private static StorageSource.Slice slices(XmlCursor slices) {
        if (slices == null) {
            return null;
        }
        StorageSource.Slice out = null;
        for (XmlCursor s : slices.children("slice")) {
            String type = s.requireAttr("type");
            if (!type.equals("storage")) {
                throw s.invalid("type", type, "expected storage");
            }
            s.requireAttr("offset");
            s.requireAttr("size");
            long offset = s.longAttr("offset", Long.MAX_VALUE);
            long size = s.longAttr("size", Long.MAX_VALUE);
            s.finish();
            if (out != null) {
                throw s.error(Kind.DUPLICATE, "<slices> may hold only one <slice type='storage'>.");
            }
            out = s.build(() -> new StorageSource.Slice(offset, size));
        }
        slices.finish();
        return out;
    }

    /**
     * A per-file security label; null for one that only records a running domain's skipped
     * relabelling ({@code labelskip}), which libvirt drops from a definition too.
     */
    private static Seclabel seclabel(XmlCursor s) {
        String model = s.attr("model");
        Boolean relabel = s.yesNoAttr("relabel");
        boolean skipped = s.yesNoAttr("labelskip") != null;
        String label = s.childText("label");
        s.finish();
        if (skipped && relabel == null && label == null) {
            return null;
        }
        return s.build(() -> new Seclabel(model, relabel, label));
    }

    /** Reads {@code <auth username><secret type uuid|usage/></auth>}. */
    static DiskAuth auth(XmlCursor a) {
        String username = a.attr("username");
        XmlCursor s = a.requireChild("secret");
        DiskAuth.SecretType type = s.requireEnumAttr("type", DiskAuth.SecretType.class);
        SecretRef ref = secretRef(s);
        s.finish();
        a.finish();
        return a.build(() -> new DiskAuth(username, type, ref));
    }

    private static SecretRef secretRef(XmlCursor s) {
        UUID uuid = uuidAttr(s, "uuid");
        String usage = s.attr("usage");
        return s.build(() -> new SecretRef(uuid, usage));
    }

    /** Reads {@code <encryption format engine><secret type='passphrase' uuid|usage/></encryption>}. */
    static DiskEncryption encryption(XmlCursor e) {
        DiskEncryption.Format format = e.requireEnumAttr("format", DiskEncryption.Format.class);
        DiskEncryption.Engine engine = e.enumAttr("engine", DiskEncryption.Engine.class);
        List<SecretRef> secrets = new ArrayList<>();
        for (XmlCursor s : e.children("secret")) {
            String type = s.requireAttr("type");
            if (!type.equals("passphrase")) {
                throw s.invalid("type", type, "an encryption secret must be type='passphrase'");
            }
            secrets.add(secretRef(s));
            s.finish();
        }
        e.finish();
        // libvirt's QEMU driver fills in its own engine
        DiskEncryption.Engine fe = engine == null ? DiskEncryption.Engine.QEMU : engine;
        return e.build(() -> new DiskEncryption(format, fe, secrets));
    }

    private static Reservations reservations(XmlCursor r) {
        if (r == null) {
            return null;
        }
        Boolean managed = r.yesNoAttr("managed");
        String path = null;
        XmlCursor s = r.child("source");
        if (s != null) {
            String type = s.requireAttr("type");
            if (!type.equals("unix")) {
                throw s.invalid("type", type, "a reservations source must be type='unix'");
            }
            path = s.requireAttr("path");
            String mode = s.attr("mode");
            if (mode != null && !mode.equals("client")) {
                throw s.invalid("mode", mode, "jvirt connects to the helper as a client: use mode='client'");
            }
            s.finish();
        }
        r.finish();
        if (managed == null) {
            throw r.error(Kind.MISSING_VALUE, "<reservations> is missing the required attribute 'managed'.");
        }
        String fp = path;
        return r.build(() -> new Reservations(managed, fp));
    }

    /** Reads a {@code <backingStore>} chain; null when absent. */
    static BackingStore backingStore(XmlCursor b) {
        if (b == null) {
            return null;
        }
        DiskSource.Type type = b.enumAttr("type", DiskSource.Type.class);
        if (type == null) {
            b.finish();
            return BackingStore.END;
        }
        Integer index = b.intAttr("index", Integer.MAX_VALUE);
        XmlCursor f = b.child("format");
        if (f == null) {
            throw b.error(Kind.MISSING_VALUE, "A <backingStore> needs <format type='...'/>.");
        }
        DiskFormat format = f.requireEnumAttr("type", DiskFormat.class);
        Long metadataCache = DiskParser.metadataCache(f);
        f.finish();
        XmlCursor src = b.child("source");
        if (src == null) {
            throw b.error(Kind.MISSING_VALUE, "A <backingStore> needs a <source>.");
        }
        Layer layer = layer(type, src, format, metadataCache, index);
        BackingStore below = backingStore(b.child("backingStore"));
        b.finish();
        return b.build(() -> layer.source(layer.auth(), layer.encryption(), below));
    }

    /** Reads an optional UUID attribute. */
    static UUID uuidAttr(XmlCursor c, String name) {
        String v = c.attr(name);
        if (v == null) {
            return null;
        }
        try {
            return UUID.fromString(v.strip());
        } catch (IllegalArgumentException e) {
            throw c.invalid(name, v, "expected a UUID such as 6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        }
    }
}
