package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * The {@code <vcpu>} element.
 *
 * @param max the maximum number of virtual CPUs, at least 1
 * @param current the number online at boot, or null for all of them
 * @param placement how the vCPUs are placed on host CPUs, or null when unspecified
 */
public record VcpuDef(int max, Integer current, Placement placement) {

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

    /** Validates the counts. */
    public VcpuDef {
        if (max < 1 || max > MAX_VCPUS) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The vCPU count " + max + " is out of range; it must be from 1 to " + MAX_VCPUS + ".");
        }
        if (current != null && (current < 1 || current > max)) {
            throw new ConfException(Kind.INVALID_VALUE, "The current vCPU count " + current
                    + " must be at least 1 and at most the maximum vCPU count " + max + ".");
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
}
