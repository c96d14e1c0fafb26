package io.jvirt.conf.snapshot;

import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.CommonXml;
import io.jvirt.conf.common.ScaledUnits;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.xml.Problems;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlElement;
import io.jvirt.conf.xml.XmlEnum;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Reads a {@code <domainsnapshot>}; every problem goes to the sink, and the parts after a failed one are still read. */
final class SnapshotParser {
    private final RandomGenerator random;

    SnapshotParser(RandomGenerator random) {
        this.random = random;
    }

    SnapshotDef parse(XmlElement root, Problems problems) {
        XmlCursor s = new XmlCursor(root, problems);
        if (!s.name().equals("domainsnapshot")) {
            throw s.error(Kind.UNKNOWN_ELEMENT, "the root element is <" + s.name()
                    + ">, but a snapshot must start with <domainsnapshot>.");
        }
        String name = problems.attempt(() -> s.childText("name"));
        String description = problems.attempt(() -> s.childText("description"));
        SnapshotState state = problems.attempt(() -> state(s.child("state")));
        Long creationTime = problems.attempt(() -> creationTime(s.child("creationTime")));
        SnapshotMemory memory = problems.attempt(() -> memory(s.child("memory")));
        List<SnapshotDiskDef> disks = problems.attempt(() -> disks(s.child("disks")));
        Boolean current = problems.attempt(() -> active(s.child("active")));
        XmlCursor domainCursor = problems.attempt(() -> s.child("domain"));
        DomainDef domain = null;
        UUID domainUuid = null;
        if (domainCursor != null) {
            if (domainCursor.attr("type") == null) {
                // an old snapshot: <domain><uuid>...</uuid></domain>
                XmlCursor dc = domainCursor;
                domainUuid = problems.attempt(() -> CommonXml.uuid(dc.requireChild("uuid"), random));
                problems.attempt(() -> {
                    dc.finish();
                    return null;
                });
            } else {
                domain = problems.attempt(() -> DomainXml.parse(domainCursor.whole()));
            }
        }
        XmlCursor inactiveCursor = problems.attempt(() -> s.child("inactiveDomain"));
        DomainDef inactive = inactiveCursor == null ? null
                : problems.attempt(() -> DomainXml.parse(inactiveCursor.whole()));
        String parent = problems.attempt(() -> parent(s.child("parent")));
        String cookie = problems.attempt(() -> cookie(s.child("cookie")));
        s.finish();
        problems.throwIfAny();
        SnapshotDef.Builder b = new SnapshotDef.Builder().name(name).description(description).state(state)
                .parent(parent).creationTime(creationTime).memory(memory).disks(disks).domain(domain)
                .domainUuid(domainUuid).inactiveDomain(inactive).cookie(cookie).current(current);
        return s.build(b::build);
    }

    private static SnapshotState state(XmlCursor c) {
        if (c == null) {
            return null;
        }
        String v = c.requireText();
        c.finish();
        SnapshotState st = XmlEnum.fromXml(SnapshotState.class, v);
        if (st == null) {
            throw c.error(Kind.INVALID_VALUE, "The snapshot state '" + v + "' is not valid; use one of "
                    + XmlEnum.allowed(SnapshotState.class) + ".");
        }
        return st;
    }

    private static Long creationTime(XmlCursor c) {
        if (c == null) {
            return null;
        }
        long t = c.longText(Long.MAX_VALUE);
        c.finish();
        return t;
    }

    private static Boolean active(XmlCursor c) {
        if (c == null) {
            return null;
        }
        String v = c.requireText();
        c.finish();
        return switch (v) {
            case "0" -> false;
            case "1" -> true;
            default -> throw c.error(Kind.INVALID_VALUE, "<active> must be 0 or 1, not '" + v + "'.");
        };
    }

    private static SnapshotMemory memory(XmlCursor c) {
        if (c == null) {
            return null;
        }
        SnapshotLocation where = c.enumAttr("snapshot", SnapshotLocation.class);
        String file = c.attr("file");
        c.finish();
        if (where == null && file != null) {
            where = SnapshotLocation.EXTERNAL;
        }
        if (where == null) {
            // <memory/> says nothing: libvirt leaves the default to the daemon
            return null;
        }
        SnapshotLocation w = where;
        return c.build(() -> new SnapshotMemory(w, file));
    }

    private static List<SnapshotDiskDef> disks(XmlCursor c) {
        if (c == null) {
            return List.of();
        }
        List<SnapshotDiskDef> out = new ArrayList<>();
        for (XmlCursor d : c.children("disk")) {
            SnapshotDiskDef disk = d.read(SnapshotParser::disk);
            if (disk != null) {
                out.add(disk);
            }
        }
        c.finish();
        return out;
    }

    private static SnapshotDiskDef disk(XmlCursor d) {
        String name = d.requireAttr("name");
        SnapshotLocation where = d.enumAttr("snapshot", SnapshotLocation.class);
        String typeWord = d.attr("type");
        SnapshotDiskDef.SourceType type = null;
        if (typeWord != null) {
            type = XmlEnum.fromXml(SnapshotDiskDef.SourceType.class, typeWord);
            if (type == null) {
                throw typeWord.equals("network")
                        ? d.error(Kind.UNSUPPORTED, "jvirt cannot put the snapshot of disk '" + name
                                + "' on network storage yet; use a file (type='file') or a block device (type='block').")
                        : d.invalid("type", typeWord, "use file or block");
            }
        }
        if (d.flag("snapshotDeleteInProgress")) {
            throw d.error(Kind.UNSUPPORTED, "The disk '" + name + "' is marked <snapshotDeleteInProgress/>, "
                    + "a libvirt 9.0 state jvirt does not take over; delete that snapshot with libvirt first.");
        }
        String path = null;
        XmlCursor src = d.child("source");
        if (src != null) {
            SnapshotDiskDef.SourceType t = type == null ? SnapshotDiskDef.SourceType.FILE : type;
            path = switch (t) {
                case FILE -> src.attr("file");
                case BLOCK -> src.requireAttr("dev");
            };
            src.finish();
        }
        String format = null;
        Long cacheMax = null;
        XmlCursor drv = d.child("driver");
        if (drv != null) {
            format = drv.attr("type");
            XmlCursor mc = drv.child("metadata_cache");
            if (mc != null) {
                XmlCursor max = mc.child("max_size");
                if (max != null) {
                    cacheMax = scaled(max);
                }
                mc.finish();
            }
            drv.finish();
        }
        d.finish();
        SnapshotDiskDef.SourceType finalType = type;
        String finalPath = path;
        String finalFormat = format;
        Long finalCache = cacheMax;
        return d.build(() -> new SnapshotDiskDef(name, where, finalType, finalPath, finalFormat, finalCache));
    }

    private static long scaled(XmlCursor max) {
        String unit = max.attr("unit");
        long v = max.longText(Long.MAX_VALUE);
        max.finish();
        long m = unit == null || unit.equals("bytes") || unit.equals("b") ? 1 : ScaledUnits.multiplier(unit);
        if (m < 0) {
            throw max.invalid("unit", unit, "use bytes, KiB, MiB or GiB");
        }
        if (v > Long.MAX_VALUE / m) {
            throw max.error(Kind.INVALID_VALUE, "The metadata cache size is too large.");
        }
        return v * m;
    }

    private static String parent(XmlCursor c) {
        if (c == null) {
            return null;
        }
        String n = c.childText("name");
        c.finish();
        if (n == null) {
            throw c.error(Kind.MISSING_VALUE, "<parent> must name the parent snapshot: <parent><name>...</name></parent>.");
        }
        return n;
    }

    private static String cookie(XmlCursor c) {
        if (c == null) {
            return null;
        }
        String raw = CommonXml.metadata(c);
        return raw == null ? "" : raw;
    }
}
