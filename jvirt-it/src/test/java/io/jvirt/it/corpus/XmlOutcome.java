package io.jvirt.it.corpus;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.qemu.address.AddressAssigner;
import io.jvirt.qemu.address.AddressException;
import java.util.List;
import java.util.Random;

/**
 * What jvirt makes of one corpus input: parse (and give it its addresses, as define does), format,
 * parse, format, then compare.
 */
sealed interface XmlOutcome {

    /** Passed: defined, formats stably, keeps everything of the input. */
    record Passed(DomainDef def) implements XmlOutcome {
    }

    /**
     * jvirt refused the input.
     *
     * @param kind the exception's kind
     * @param reason the first sentence of the message, without the line prefix: what groups refusals
     * @param message the whole message
     */
    record Refused(ConfException.Kind kind, String reason, String message) implements XmlOutcome {
    }

    /**
     * Defined, but formatting the re-parsed output gives another document, or the re-parse fails.
     *
     * @param detail the first differing line of the two outputs, or the re-parse error
     */
    record Unstable(String detail) implements XmlOutcome {
    }

    /**
     * Defined and stable, but the output drops or changes something of the input.
     *
     * @param def the definition
     * @param losses what was lost
     */
    record Lossy(DomainDef def, List<XmlLoss.Loss> losses) implements XmlOutcome {
    }

    /**
     * The parser or formatter failed with something other than {@link ConfException}: a jvirt bug.
     *
     * @param error the exception's class and message
     */
    record Crashed(String error) implements XmlOutcome {
    }

    /** Whether jvirt defined the input (whatever happened after). */
    default boolean defined() {
        return switch (this) {
            case Passed p -> true;
            case Unstable u -> true;
            case Lossy l -> true;
            case Refused r -> false;
            case Crashed c -> false;
        };
    }

    /** The outcome as the report shows it: {@code passes}, {@code refused: ...}, {@code loses: ...}. */
    default String describe() {
        return switch (this) {
            case Passed p -> "passes";
            case Refused r -> "refused: " + r.message();
            case Unstable u -> "unstable: " + u.detail();
            case Lossy l -> "loses: " + String.join("; ", l.losses().stream().map(XmlLoss.Loss::detail).toList());
            case Crashed c -> "crashed: " + c.error();
        };
    }

    /** Runs the whole check on one input; generated UUIDs and MACs come from a fixed seed. */
    static XmlOutcome of(String input) {
        DomainDef first;
        try {
            first = DomainXml.parse(input, new Random(1));
        } catch (ConfException e) {
            return new Refused(e.kind(), reason(e.detail()), e.getMessage());
        } catch (RuntimeException e) {
            return new Crashed("parse: " + e);
        }
        try {
            // jvirtd's define gives the definition its controllers and addresses; conflicts are refused there
            AddressAssigner.assign(first);
        } catch (AddressException e) {
            ConfException.Kind kind = switch (e.kind()) {
                case CONFLICT, FULL -> ConfException.Kind.CONFLICT;
                case UNSUPPORTED -> ConfException.Kind.UNSUPPORTED;
            };
            return new Refused(kind, reason(e.problems().getFirst()), e.getMessage());
        } catch (RuntimeException e) {
            return new Crashed("address assignment: " + e);
        }
        String formatted;
        String again;
        try {
            formatted = DomainXml.format(first, Secrets.INCLUDE);
            again = DomainXml.format(DomainXml.parse(formatted, new Random(2)), Secrets.INCLUDE);
        } catch (ConfException e) {
            return new Unstable("the formatted output does not parse again: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Crashed("format or re-parse: " + e);
        }
        if (!formatted.equals(again)) {
            return new Unstable(firstDifference(formatted, again));
        }
        List<XmlLoss.Loss> losses;
        try {
            losses = XmlLoss.between(XmlTree.parse(input), XmlTree.parse(formatted));
        } catch (IllegalArgumentException e) {
            return new Crashed("comparing the trees: " + e.getMessage());
        }
        return losses.isEmpty() ? new Passed(first) : new Lossy(first, losses);
    }

    /**
     * The grouping key of a refusal: the message's first clause (up to {@code "; "}, where jvirt's
     * messages start their advice), so that "unknown element <hostdev> inside <devices>" groups the
     * files lacking hostdev support.
     */
    static String reason(String detail) {
        int cut = detail.indexOf("; ");
        String head = cut > 0 ? detail.substring(0, cut) : detail;
        return head.endsWith(".") ? head.substring(0, head.length() - 1) : head;
    }

    private static String firstDifference(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String l = i < x.length ? x[i] : "<end>";
            String r = i < y.length ? y[i] : "<end>";
            if (!l.equals(r)) {
                return "line " + (i + 1) + ": first format '" + l.strip() + "', second format '" + r.strip() + "'";
            }
        }
        return "the outputs differ";
    }
}
