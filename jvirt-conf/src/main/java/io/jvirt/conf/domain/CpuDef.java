package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code <cpu>} element: which CPU model the guest sees, its topology, caches, physical
 * address bits, and the guest NUMA topology.
 *
 * @param mode how the model is chosen
 * @param match how strictly a custom model must match, or null
 * @param check how the result is checked, or null
 * @param migratable whether host-passthrough hides non-migratable features, or null
 * @param model the named model, or null
 * @param vendor the required CPU vendor ({@code <vendor>}), or null
 * @param topology sockets, dies, cores and threads, or null
 * @param cache how the guest's CPU caches are described ({@code <cache>}), or null
 * @param maxPhysAddr the physical address bits ({@code <maxphysaddr>}), or null
 * @param features CPU feature flags added or removed, in order
 * @param numa the guest NUMA cells ({@code <numa>}), or null
 */
public record CpuDef(Mode mode, Match match, Check check, Boolean migratable, Model model, String vendor,
                     Topology topology, Cache cache, MaxPhysAddr maxPhysAddr, List<Feature> features, NumaDef numa) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** Validates and copies the feature list. */
    public CpuDef {
        Checks.required(mode, "The CPU mode");
        features = Checks.list(features);
        boolean named = model != null && model.name() != null;
        if (!features.isEmpty() && mode == Mode.CUSTOM && !named) {
            throw new ConfException(Kind.MISSING_VALUE, "CPU features need a CPU <model> in custom mode.");
        }
        if (vendor != null && !named) {
            throw new ConfException(Kind.MISSING_VALUE, "A CPU <vendor> needs a CPU <model>.");
        }
        Checks.noControl(vendor, "The CPU vendor");
        if (check != null && mode == Mode.CUSTOM && !named) {
            throw new ConfException(Kind.CONFLICT, "The 'check' attribute needs a CPU <model>.");
        }
        if (migratable != null && mode != Mode.HOST_PASSTHROUGH && mode != Mode.MAXIMUM) {
            throw new ConfException(Kind.CONFLICT,
                    "The 'migratable' attribute applies only to CPU modes host-passthrough and maximum.");
        }
        for (int i = 0; i < features.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (features.get(i).name().equals(features.get(j).name())) {
                    throw new ConfException(Kind.DUPLICATE, "The CPU feature '" + features.get(i).name()
                            + "' is listed twice.");
                }
            }
        }
        if (cache != null) {
            switch (cache.mode()) {
                case EMULATE -> {
                    if (cache.level() == null || cache.level() != 3) {
                        throw new ConfException(Kind.INVALID_VALUE,
                                "CPU cache mode 'emulate' needs level='3'.");
                    }
                }
                case PASSTHROUGH -> {
                    if (mode != Mode.HOST_PASSTHROUGH && mode != Mode.MAXIMUM) {
                        throw new ConfException(Kind.CONFLICT, "CPU cache mode 'passthrough' needs CPU mode "
                                + "host-passthrough or maximum.");
                    }
                    if (cache.level() != null) {
                        throw new ConfException(Kind.INVALID_VALUE,
                                "CPU cache mode 'passthrough' takes no level.");
                    }
                }
                case DISABLE -> {
                    if (cache.level() != null) {
                        throw new ConfException(Kind.INVALID_VALUE, "CPU cache mode 'disable' takes no level.");
                    }
                }
            }
        }
    }

    /** Returns a copy with other guest NUMA cells. */
    public CpuDef withNuma(NumaDef value) {
        return new CpuDef(mode, match, check, migratable, model, vendor, topology, cache, maxPhysAddr, features,
                value);
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
     * @param name the QEMU CPU model name such as {@code Skylake-Client}, or null when only a
     *     fallback or vendor id is given (as a host-model CPU may)
     * @param fallback the fallback policy, or null
     * @param vendorId the CPUID vendor string the guest sees (12 characters), or null
     */
    public record Model(String name, Fallback fallback, String vendorId) {
        /** Validates the name and the vendor id. */
        public Model {
            Checks.matches(name, NAME, "The CPU model name");
            if (vendorId != null && (vendorId.length() != 12 || vendorId.contains(",")
                    || vendorId.chars().anyMatch(Character::isISOControl))) {
                throw new ConfException(Kind.INVALID_VALUE, "The CPU vendor_id '" + Checks.printable(vendorId)
                        + "' must be exactly 12 characters without commas.");
            }
        }

        /** A model with a name only. */
        public Model(String name, Fallback fallback) {
            this(name, fallback, null);
        }
    }

    /** The {@code mode} of {@code <cache>}. */
    public enum CacheMode implements XmlEnum {
        /** Report made-up cache information. */
        EMULATE("emulate"),
        /** Report the host's caches. */
        PASSTHROUGH("passthrough"),
        /** Report no cache of the given level. */
        DISABLE("disable");

        private final String xml;

        CacheMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * The {@code <cache>} element.
     *
     * @param mode how the caches are described
     * @param level the cache level, or null
     */
    public record Cache(CacheMode mode, Integer level) {
        /** Checks the mode. */
        public Cache {
            Checks.required(mode, "The CPU cache mode");
        }
    }

    /** The {@code mode} of {@code <maxphysaddr>}. */
    public enum PhysAddrMode implements XmlEnum {
        /** A given number of bits. */
        EMULATE("emulate"),
        /** The host's number of bits (optionally capped). */
        PASSTHROUGH("passthrough");

        private final String xml;

        PhysAddrMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * The {@code <maxphysaddr>} element.
     *
     * @param mode emulate or passthrough
     * @param bits the number of bits, required with emulate, not allowed with passthrough
     */
    public record MaxPhysAddr(PhysAddrMode mode, Integer bits) {
        /** Checks the bits against the mode. */
        public MaxPhysAddr {
            Checks.required(mode, "The maxphysaddr mode");
            if (mode == PhysAddrMode.EMULATE && bits == null) {
                throw new ConfException(Kind.MISSING_VALUE, "<maxphysaddr mode='emulate'> needs 'bits'.");
            }
            if (mode == PhysAddrMode.PASSTHROUGH && bits != null) {
                throw new ConfException(Kind.CONFLICT, "<maxphysaddr mode='passthrough'> takes no 'bits'.");
            }
            Checks.range(bits, 1, 64, "The maxphysaddr bits");
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
