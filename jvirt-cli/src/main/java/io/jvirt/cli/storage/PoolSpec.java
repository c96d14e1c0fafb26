package io.jvirt.cli.storage;

import io.jvirt.api.ErrorCode;
import io.jvirt.client.JvirtClientException;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.storage.FsFormat;
import io.jvirt.conf.storage.PoolDef;
import io.jvirt.conf.storage.PoolSource;
import io.jvirt.conf.storage.PoolTarget;
import io.jvirt.conf.storage.PoolType;
import io.jvirt.conf.xml.XmlEnum;
import io.jvirt.conf.xml.XmlOut;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A pool described by the arguments of {@code pool-define-as} or {@code pool-create-as}, checked
 * with jvirt-conf's pool model (the checks the daemon's {@code PoolXml.parse} makes) and written
 * as the XML virsh 9.0's {@code virshBuildPoolXML} writes for the same arguments: no UUID (the
 * daemon assigns one, or keeps the pool's on a redefinition), {@code <source>} only when a device
 * or format is given, {@code <target>} with its path.
 *
 * @param type the pool type
 * @param name the pool name
 * @param source the device and file system as given (format null when not given), or {@link PoolSource#NONE}
 * @param target the target directory
 */
record PoolSpec(PoolType type, String name, PoolSource source, PoolTarget target) {

    /** A placeholder id for checking a definition as a whole; it is never sent. */
    private static final UUID CHECK_ONLY = new UUID(0, 0);

    /** Checks the parts as a whole, as the daemon will. */
    PoolSpec {
        new PoolDef(type, name, CHECK_ONLY, null, null, null, source, target);
    }

    /**
     * Reads the arguments. An option whose value is {@code -} counts as left out: virsh's users
     * write {@code pool-define-as NAME dir - - - - DIR} to skip the options before the target (virsh
     * itself writes the dashes into the XML, where libvirt ignores them for these pool types).
     *
     * @param name NAME
     * @param type TYPE
     * @param options the options given
     * @return the checked pool
     * @throws JvirtClientException INVALID_ARGUMENT naming every problem of the arguments at once
     */
    static PoolSpec of(String name, String type, Map<PoolArg, String> options) {
        List<String> problems = new ArrayList<>();
        Map<PoolArg, String> given = new EnumMap<>(PoolArg.class);
        options.forEach((arg, value) -> {
            if (!value.equals("-")) {
                given.put(arg, value);
            }
        });
        PoolType t = XmlEnum.fromXml(PoolType.class, type);
        if (t == null) {
            problems.add("Pool type '" + type + "' is not supported; jvirt's storage pools are of type "
                    + orList(PoolType.class) + ".");
            throw failure(problems);
        }
        Set<PoolArg> unused = EnumSet.noneOf(PoolArg.class);
        unused.addAll(given.keySet());
        unused.removeAll(usedBy(t));
        if (!unused.isEmpty()) {
            problems.add(unusedSentence(t, unused));
        }
        String device = given.get(PoolArg.SOURCE_DEV);
        String target = given.get(PoolArg.TARGET);
        switch (t) {
            case DIR -> {
                if (target == null) {
                    problems.add("A dir pool needs --target DIR, the directory its volumes live in.");
                }
            }
            case FS -> {
                if (device == null) {
                    problems.add("An fs pool needs --source-dev DEVICE, the block device holding its file system.");
                }
                if (target == null) {
                    problems.add("An fs pool needs --target DIR, the directory its device is mounted on.");
                }
            }
        }
        FsFormat format = null;
        String formatText = given.get(PoolArg.SOURCE_FORMAT);
        if (formatText != null && t == PoolType.FS) {
            format = XmlEnum.fromXml(FsFormat.class, formatText);
            if (format == null) {
                problems.add("--source-format '" + formatText + "' is not a file system jvirt's fs pools know; use "
                        + orList(FsFormat.class) + ".");
            }
        }
        check(problems, () -> PoolDef.validateName(name));
        PoolSource source = checked(problems, () -> t == PoolType.FS ? new PoolSource(device, null) : PoolSource.NONE);
        PoolTarget dir = target == null ? null : checked(problems, () -> new PoolTarget(target, null));
        if (!problems.isEmpty()) {
            throw failure(problems);
        }
        PoolSource withFormat = source.device() == null ? source : new PoolSource(source.device(), format);
        List<String> whole = new ArrayList<>();
        PoolSpec spec = checked(whole, () -> new PoolSpec(t, name, withFormat, dir));
        if (spec == null) {
            throw failure(whole);
        }
        return spec;
    }

    /** The pool XML, laid out as virsh writes it. */
    String xml() {
        XmlOut pool = XmlOut.element("pool").attr("type", type);
        pool.textChild("name", name);
        if (!source.isEmpty()) {
            XmlOut s = XmlOut.element("source");
            if (source.device() != null) {
                s.child(XmlOut.element("device").attr("path", source.device()));
            }
            if (source.format() != null) {
                s.child(XmlOut.element("format").attr("type", source.format()));
            }
            pool.child(s);
        }
        pool.child(XmlOut.element("target").textChild("path", target.path()));
        return pool.render();
    }

    /** The options a type of pool takes. */
    private static Set<PoolArg> usedBy(PoolType type) {
        return switch (type) {
            case DIR -> EnumSet.of(PoolArg.TARGET);
            case FS -> EnumSet.of(PoolArg.SOURCE_DEV, PoolArg.SOURCE_FORMAT, PoolArg.TARGET);
        };
    }

    private static String unusedSentence(PoolType type, Set<PoolArg> unused) {
        List<String> names = unused.stream().map(PoolArg::option).toList();
        String what = switch (type) {
            case DIR -> "give the pool's directory with --target";
            case FS -> "give the device with --source-dev, its file system with --source-format and the mount point "
                    + "with --target";
        };
        return "jvirt's " + type.xml() + " pools take no " + orList(names) + "; " + what + ".";
    }

    private static void check(List<String> problems, Runnable check) {
        checked(problems, () -> {
            check.run();
            return Boolean.TRUE;
        });
    }

    private static <T> T checked(List<String> problems, Supplier<T> make) {
        try {
            return make.get();
        } catch (ConfException e) {
            problems.add(e.detail());
            return null;
        }
    }

    private static JvirtClientException failure(List<String> problems) {
        if (problems.size() == 1) {
            return new JvirtClientException(ErrorCode.INVALID_ARGUMENT, problems.getFirst());
        }
        StringBuilder sb = new StringBuilder("The arguments have ").append(problems.size()).append(" problems:");
        for (String p : problems) {
            sb.append("\n  ").append(p);
        }
        return new JvirtClientException(ErrorCode.INVALID_ARGUMENT, sb.toString());
    }

    private static String orList(Class<? extends XmlEnum> type) {
        List<String> names = new ArrayList<>();
        for (XmlEnum e : type.getEnumConstants()) {
            names.add(e.xml());
        }
        return orList(names);
    }

    /** "a", "a or b", "a, b or c". */
    private static String orList(List<String> names) {
        int n = names.size();
        return n == 1 ? names.getFirst() : String.join(", ", names.subList(0, n - 1)) + " or " + names.get(n - 1);
    }
}
