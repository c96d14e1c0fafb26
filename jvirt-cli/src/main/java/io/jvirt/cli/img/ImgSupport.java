package io.jvirt.cli.img;

import io.jvirt.image.CompressionType;
import io.jvirt.image.CreateOptions;
import io.jvirt.image.ImageException;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Preallocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** Helpers shared by the img subcommands: sizes, -o lists, errors, human-readable numbers. */
final class ImgSupport {

    private ImgSupport() {
    }

    /** A subcommand body that may throw {@link ImageException}. */
    @FunctionalInterface
    interface Body {
        int run(PrintWriter out, PrintWriter err);
    }

    /** What {@code -U} would change for an image a subcommand was refused, by its path. */
    @FunctionalInterface
    interface Advisor {
        InUse.Advice advise(Path refused);
    }

    /**
     * @param forceShare whether -U was given
     * @return the advice of a subcommand that only reads
     */
    static Advisor reading(boolean forceShare) {
        return p -> forceShare ? InUse.Advice.NONE : InUse.Advice.READ_WITH_FORCE_SHARE;
    }

    /** @return the advice of a subcommand that writes (-U cannot help) */
    static Advisor writing() {
        return p -> InUse.Advice.WRITE;
    }

    /**
     * Runs a body, turning engine errors into "error: message" and the fail code; an image in
     * use is described by {@link InUse}, naming the domain when the daemon knows it.
     *
     * @param spec command spec (for its writers)
     * @param body the work
     * @param failCode exit code for errors
     * @param advisor what -U would change for a refused image
     * @return the exit code
     */
    static int run(CommandSpec spec, Body body, int failCode, Advisor advisor) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            int rc = body.run(out, err);
            out.flush();
            return rc;
        } catch (ImageException e) {
            out.flush();
            err.println("error: " + (e.kind() == ImageException.Kind.IN_USE ? inUse(spec, e, advisor) : e.getMessage()));
            err.flush();
            return failCode;
        }
    }

    private static String inUse(CommandSpec spec, ImageException e, Advisor advisor) {
        Path socket = spec.parent() != null && spec.parent().userObject() instanceof ImgCommand img
                ? img.daemonSocket() : null;
        return InUse.message(e.path(), advisor.advise(e.path()), DaemonHolders.of(socket, e.path()));
    }

    /**
     * Refuses -U for a subcommand that writes, as qemu-img does ("force-share=on can only be
     * used with read-only images").
     *
     * @param forceShare whether -U was given
     * @param what the writing use, such as "snapshot -c"
     */
    static void readOnlyForceShare(boolean forceShare, String what) {
        if (forceShare) {
            throw invalid("The -U (--force-share) option only applies to reading an image, and " + what
                    + " writes it.");
        }
    }

    /**
     * @param a a path
     * @param b another
     * @return whether both name the same file (absolute, normalized)
     */
    static boolean same(Path a, Path b) {
        return a != null && b != null && a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    static Callable<Integer> none() {
        return () -> 0;
    }

    /**
     * Parses a qemu size: bytes, or a number with k/K, M, G, T, P, E (binary) suffixes.
     *
     * @param s text
     * @return bytes
     */
    static long parseSize(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            throw invalid("The size '" + s + "' is not a number.");
        }
        char last = Character.toUpperCase(t.charAt(t.length() - 1));
        int shift = switch (last) {
            case 'B' -> 0;
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            case 'P' -> 50;
            case 'E' -> 60;
            default -> -1;
        };
        String num = shift >= 0 ? t.substring(0, t.length() - 1) : t;
        shift = Math.max(shift, 0);
        try {
            BigDecimal v = new BigDecimal(num).multiply(BigDecimal.valueOf(2).pow(shift));
            if (v.signum() < 0 || v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw invalid("The size '" + s + "' is out of range.");
            }
            return v.longValue();
        } catch (NumberFormatException e) {
            throw invalid("The size '" + s + "' is not a number with an optional k, M, G, T, P or E suffix.");
        }
    }

    /**
     * Parses a -o list ("a=b,c=d"); "help" is not supported.
     *
     * @param opts option strings, possibly several -o
     * @return ordered key/value map
     */
    static Map<String, String> parseOptions(java.util.List<String> opts) {
        Map<String, String> m = new LinkedHashMap<>();
        if (opts == null) {
            return m;
        }
        for (String o : opts) {
            for (String kv : o.split(",")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    m.put(kv, "on");
                } else {
                    m.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        }
        return m;
    }

    /**
     * Builds create options from qemu-img -o options and flags.
     *
     * @param fmt format
     * @param size size or -1
     * @param o -o options
     * @param backing -b or null
     * @param backingFmt -F or null
     * @param unsafe -u
     * @return validated options
     */
    static CreateOptions createOptions(ImageFormat fmt, long size, Map<String, String> o, String backing,
            String backingFmt, boolean unsafe) {
        CreateOptions.Builder b = CreateOptions.builder(fmt, size);
        String bf = backing;
        String bfmt = backingFmt;
        for (Map.Entry<String, String> e : o.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "size" -> b.size(parseSize(v));
                case "backing_file" -> bf = v;
                case "backing_fmt" -> bfmt = v;
                case "cluster_size" -> b.clusterSize((int) parseSize(v));
                case "preallocation" -> b.preallocation(Preallocation.parse(v));
                case "compression_type" -> b.compressionType(CompressionType.parse(v));
                case "lazy_refcounts" -> b.lazyRefcounts(bool(e.getKey(), v));
                case "refcount_bits" -> b.refcountBits(Integer.parseInt(v));
                case "compat" -> b.compat(v.equals("v2") ? "0.10" : v.equals("v3") ? "1.1" : v);
                case "extended_l2" -> {
                    if (bool(e.getKey(), v)) {
                        throw new ImageException(ImageException.Kind.UNSUPPORTED, null,
                                "Creating images with extended L2 entries is not supported.");
                    }
                }
                default -> throw invalid("Unknown option '" + e.getKey() + "' for the " + fmt.qemuName() + " format.");
            }
        }
        b.backingFile(bf);
        b.backingFormat(bfmt == null ? null : ImageFormat.parse(bfmt));
        b.unsafeBacking(unsafe);
        return b.build();
    }

    private static boolean bool(String key, String v) {
        return switch (v) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw invalid("Option '" + key + "' expects on or off, not '" + v + "'.");
        };
    }

    static ImageFormat format(String s) {
        return s == null ? null : ImageFormat.parse(s);
    }

    /**
     * Formats a size as qemu does ("1 GiB", "1.26 MiB").
     *
     * @param bytes size
     * @return text
     */
    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int i = 0;
        double v = bytes;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
        return String.format(Locale.ROOT, "%s %s", d.toPlainString(), units[i]);
    }

    static ImageException invalid(String msg) {
        return new ImageException(ImageException.Kind.INVALID_ARGUMENT, null, msg);
    }
}
