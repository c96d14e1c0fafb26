package io.jvirt.it.virtinst;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.qemu.address.AddressAssigner;
import io.jvirt.qemu.address.AddressException;
import java.util.Random;

/** What jvirt's domain parser makes of one document: parse, format, parse again, format again. */
final class RoundTrip {

    private RoundTrip() {
    }

    /** The result of one round trip. */
    sealed interface Outcome {
        /** Returns a one-line description for reports. */
        String summary();
    }

    /** Parsed, and the formatted form parses to the same definition and formats identically. */
    record Passed() implements Outcome {
        @Override
        public String summary() {
            return "passes";
        }
    }

    /**
     * The parser refused the document with its own exception, as it should for input it does not
     * support.
     *
     * @param kind the exception's stable kind
     * @param message the exception's message, with the XML line
     * @param detail the message without the line, to group alike refusals
     */
    record Refused(ConfException.Kind kind, String message, String detail) implements Outcome {
        @Override
        public String summary() {
            return kind + ": " + message;
        }
    }

    /**
     * Parsed, but the formatted form failed to parse again, parsed to a different definition,
     * or formatted differently: the formatter loses or changes something.
     *
     * @param what which step went wrong
     */
    record Unstable(String what) implements Outcome {
        @Override
        public String summary() {
            return "round trip unstable: " + what;
        }
    }

    /**
     * The parser or formatter failed with something other than its own exception: a bug.
     *
     * @param error the exception
     */
    record Crashed(RuntimeException error) implements Outcome {
        @Override
        public String summary() {
            return "crashed: " + error;
        }
    }

    /** Runs the round trip on one document. */
    static Outcome run(String xml) {
        DomainDef first;
        try {
            first = DomainXml.parse(xml, new Random(1));
        } catch (ConfException e) {
            return new Refused(e.kind(), e.getMessage(), e.detail());
        } catch (RuntimeException e) {
            return new Crashed(e);
        }
        try {
            // what jvirtd's define stores: the definition with its controllers and addresses
            first = AddressAssigner.assign(first);
        } catch (AddressException e) {
            ConfException.Kind kind = switch (e.kind()) {
                case CONFLICT, FULL -> ConfException.Kind.CONFLICT;
                case UNSUPPORTED -> ConfException.Kind.UNSUPPORTED;
            };
            return new Refused(kind, e.getMessage(), e.problems().getFirst());
        } catch (RuntimeException e) {
            return new Crashed(e);
        }
        try {
            String formatted = DomainXml.format(first, Secrets.INCLUDE);
            DomainDef second;
            try {
                second = DomainXml.parse(formatted, new Random(2));
            } catch (ConfException e) {
                return new Unstable("jvirt's own output does not parse: " + e.getMessage());
            }
            if (!second.equals(first)) {
                return new Unstable("jvirt's own output parses to a different definition");
            }
            if (!DomainXml.format(second, Secrets.INCLUDE).equals(formatted)) {
                return new Unstable("formatting the parsed output gives different text");
            }
            return new Passed();
        } catch (RuntimeException e) {
            return new Crashed(e);
        }
    }
}
