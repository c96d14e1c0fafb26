package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code <cpu>} element: which CPU model the guest sees and its topology.
 *
 * @param mode how the model is chosen
 * @param match how strictly a custom model must match, or null
 * @param check how the result is checked, or null
 * @param migratable whether host-passthrough hides non-migratable features, or null
 * @param model the named model, or null
 * @param topology sockets, dies, cores and threads, or null
 * @param features CPU feature flags added or removed, in order
 */
public record CpuDef(Mode mode, Match match, Check check, Boolean migratable, Model model, Topology topology,
                     List<Feature> features) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** Validates and copies the feature list. */
    public CpuDef {
        Checks.required(mode, "The CPU mode");
        features = Checks.list(features);
        if (mode == Mode.CUSTOM && model == null && topology == null && features.isEmpty()) {
            throw new ConfException(Kind.MISSING_VALUE,
                    "A CPU in custom mode needs a <model>, a <topology> or features.");
        }
    }

    /** The {@code mode} attribute. */
    public enum Mode implements XmlEnum {
        /** A named model, see {@link Model}. */
        CUSTOM("custom"),
        /** A named model close to the host CPU. */
        HOST_MODEL("host-model"),
        /** The host CPU exactly. */
        HOST_PASSTHROUGH("host-passthrough"),
        /** The most capable CPU the accelerator offers. */
        MAXIMUM("maximum");

        private final String xml;

        Mode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code match} attribute. */
    public enum Match implements XmlEnum {
        /** At least the model. */
        MINIMUM("minimum"),
        /** Exactly the model. */
        EXACT("exact"),
        /** Exactly the model and nothing else. */
        STRICT("strict");

        private final String xml;

        Match(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code check} attribute. */
    public enum Check implements XmlEnum {
        /** No check. */
        NONE("none"),
        /** Checked before start. */
        PARTIAL("partial"),
        /** Checked against what QEMU created. */
        FULL("full");

        private final String xml;

        Check(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code fallback} attribute of {@code <model>}. */
    public enum Fallback implements XmlEnum {
        /** A close model may be used when this one is unavailable. */
        ALLOW("allow"),
        /** The model must be available. */
        FORBID("forbid");

        private final String xml;

        Fallback(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code policy} attribute of {@code <feature>}. */
    public enum Policy implements XmlEnum {
        /** Enabled even if the host lacks it. */
        FORCE("force"),
        /** Enabled; the host must have it. */
        REQUIRE("require"),
        /** Enabled when the host has it. */
        OPTIONAL("optional"),
        /** Disabled. */
        DISABLE("disable"),
        /** Disabled; the host must not have it. */
        FORBID("forbid");

        private final String xml;

        Policy(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * The {@code <model>} element.
     *
     * @param name the QEMU CPU model name such as {@code Skylake-Client}
     * @param fallback the fallback policy, or null
     */
    public record Model(String name, Fallback fallback) {
        /** Validates the name. */
        public Model {
            Checks.required(name, "The CPU model name");
            Checks.matches(name, NAME, "The CPU model name");
        }
    }

    /**
     * The {@code <topology>} element.
     *
     * @param sockets sockets, at least 1
     * @param dies dies per socket, at least 1
     * @param cores cores per die, at least 1
     * @param threads threads per core, at least 1
     */
    public record Topology(int sockets, int dies, int cores, int threads) {
        /** Validates the counts. */
        public Topology {
            Checks.range(sockets, 1, VcpuDef.MAX_VCPUS, "The CPU topology socket count");
            Checks.range(dies, 1, VcpuDef.MAX_VCPUS, "The CPU topology die count");
            Checks.range(cores, 1, VcpuDef.MAX_VCPUS, "The CPU topology core count");
            Checks.range(threads, 1, VcpuDef.MAX_VCPUS, "The CPU topology thread count");
        }

        /** Returns the number of vCPUs this topology describes. */
        public long total() {
            return (long) sockets * dies * cores * threads;
        }
    }

    /**
     * A {@code <feature>} element.
     *
     * @param policy what to do with the flag
     * @param name the flag name such as {@code vmx}
     */
    public record Feature(Policy policy, String name) {
        /** Validates the name. */
        public Feature {
            Checks.required(policy, "The CPU feature policy");
            Checks.required(name, "The CPU feature name");
            Checks.matches(name, NAME, "The CPU feature name");
        }
    }
}
