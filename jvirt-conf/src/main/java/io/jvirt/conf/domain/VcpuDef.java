package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <vcpu>} element, with the optional per-vCPU {@code <vcpus>} list.
 *
 * @param max the maximum number of virtual CPUs, at least 1
 * @param current the number online at boot, or null for all of them
 * @param placement how the vCPUs are placed on host CPUs, or null when unspecified
 * @param cpuset the host CPUs the vCPUs (and, unless pinned otherwise, QEMU) run on by default,
 *     or null for all
 * @param vcpus the state of each vCPU ({@code <vcpus>}), indexed by id, or empty when the
 *     definition does not list them
 */
public record VcpuDef(int max, Integer current, Placement placement, CpuSet cpuset, List<Vcpu> vcpus) {

    /** Largest vCPU count accepted. */
    public static final int MAX_VCPUS = 4096;

    /** One vCPU: what libvirt gives a domain without {@code <vcpu>}. */
    public static final VcpuDef ONE = new VcpuDef(1, null, null);

    /** The {@code placement} attribute. */
    public enum Placement implements XmlEnum {
        /** Pinned as configured. */
        STATIC("static"),
        /** Placed by a NUMA advisor. */
        AUTO("auto");

        private final String xml;

        Placement(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * One vCPU of {@code <vcpus>}.
     *
     * @param id the vCPU id
     * @param enabled whether it is online at boot
     * @param hotpluggable whether QEMU adds it as a hot-pluggable CPU device (yes for a
     *     disabled vCPU, no for an enabled one, unless given)
     * @param order the order in which enabled vCPUs come online, or null
     */
    public record Vcpu(int id, boolean enabled, boolean hotpluggable, Integer order) {
    }

    /** Validates the counts and the per-vCPU list (libvirt's rules for QEMU). */
    public VcpuDef {
        if (max < 1 || max > MAX_VCPUS) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The vCPU count " + max + " is out of range; it must be from 1 to " + MAX_VCPUS + ".");
        }
        vcpus = Checks.list(vcpus);
        if (!vcpus.isEmpty()) {
            checkVcpus(max, vcpus);
            current = (int) vcpus.stream().filter(Vcpu::enabled).count();
            if (current == max) {
                current = null;
            }
        }
        if (current != null && (current < 1 || current > max)) {
            throw new ConfException(Kind.INVALID_VALUE, "The current vCPU count " + current
                    + " must be at least 1 and at most the maximum vCPU count " + max + ".");
        }
    }

    /** A definition without a cpuset or per-vCPU list. */
    public VcpuDef(int max, Integer current, Placement placement) {
        this(max, current, placement, null, List.of());
    }

    private static void checkVcpus(int max, List<Vcpu> vcpus) {
        if (vcpus.size() != max) {
            throw new ConfException(Kind.INVALID_VALUE, "<vcpus> lists " + vcpus.size()
                    + " vCPUs but the domain has " + max + "; list each vCPU from 0 to " + (max - 1) + " once.");
        }
        for (int i = 0; i < vcpus.size(); i++) {
            if (vcpus.get(i).id() != i) {
                throw new ConfException(Kind.INVALID_VALUE, "<vcpus> must list each vCPU from 0 to " + (max - 1)
                        + " once.");
            }
        }
        Vcpu first = vcpus.getFirst();
        if (!first.enabled()) {
            throw new ConfException(Kind.INVALID_VALUE, "vCPU 0 cannot be disabled.");
        }
        if (first.hotpluggable()) {
            throw new ConfException(Kind.INVALID_VALUE, "vCPU 0 cannot be hotpluggable.");
        }
        if (first.order() != null && first.order() != 1) {
            throw new ConfException(Kind.INVALID_VALUE, "vCPU 0 must come online first (order 1).");
        }
        boolean ordered = first.order() != null;
        Vcpu prev = first;
        for (Vcpu v : vcpus.subList(1, vcpus.size())) {
            if (!v.enabled() && !v.hotpluggable()) {
                throw new ConfException(Kind.CONFLICT, "vCPU " + v.id() + " is disabled, so it must be "
                        + "hotpluggable.");
            }
            if (v.enabled() && (v.order() != null) != ordered) {
                throw new ConfException(Kind.CONFLICT, "Either every enabled vCPU has an 'order' or none does.");
            }
            if (!v.hotpluggable()) {
                if (prev.hotpluggable()) {
                    throw new ConfException(Kind.CONFLICT, "The vCPUs that are not hotpluggable must come before "
                            + "the hotpluggable ones; vCPU " + v.id() + " follows a hotpluggable vCPU.");
                }
                if (prev.order() != null && v.order() != null && prev.order() > v.order()) {
                    throw new ConfException(Kind.CONFLICT, "The vCPUs that are not hotpluggable must come online "
                            + "in ascending order.");
                }
            }
            prev = v;
        }
    }

    /**
     * Creates a definition with all vCPUs online.
     *
     * @param count the number of vCPUs
     * @return the definition
     */
    public static VcpuDef of(int count) {
        return new VcpuDef(count, null, null);
    }

    /** Returns the number of vCPUs online at boot. */
    public int online() {
        return current == null ? max : current;
    }

    /**
     * Returns the state of every vCPU: the {@code <vcpus>} list, or the first {@link #online()}
     * enabled and not hotpluggable and the rest disabled and hotpluggable.
     */
    public List<Vcpu> each() {
        if (!vcpus.isEmpty()) {
            return vcpus;
        }
        List<Vcpu> out = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            boolean on = i < online();
            out.add(new Vcpu(i, on, !on, null));
        }
        return out;
    }

    /** Returns the number of vCPUs QEMU starts with ({@code -smp}): enabled and not hotpluggable. */
    public int bootCpus() {
        return (int) each().stream().filter(v -> v.enabled() && !v.hotpluggable()).count();
    }

    /** Returns a copy with another current count (and no per-vCPU list). */
    public VcpuDef withCurrent(Integer newCurrent) {
        return new VcpuDef(max, newCurrent, placement, cpuset, List.of());
    }
}
