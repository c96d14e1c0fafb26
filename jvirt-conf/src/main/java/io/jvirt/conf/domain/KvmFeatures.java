package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code <kvm>} feature: how KVM presents itself to the guest.
 *
 * @param states the listed features and whether each is on, in libvirt's order
 * @param dirtyRingSize the dirty ring size in entries when {@code dirty-ring} is on, else null
 */
public record KvmFeatures(Map<Feature, Boolean> states, Integer dirtyRingSize) {

    /** Validates the dirty ring size: a power of two from 1024 to 65536, as libvirt checks. */
    public KvmFeatures {
        EnumMap<Feature, Boolean> copy = new EnumMap<>(Feature.class);
        copy.putAll(states);
        states = Collections.unmodifiableMap(copy);
        boolean ring = Boolean.TRUE.equals(states.get(Feature.DIRTY_RING));
        if (ring && dirtyRingSize == null) {
            throw new ConfException(Kind.MISSING_VALUE, "<dirty-ring state='on'> needs the attribute 'size'.");
        }
        if (dirtyRingSize != null) {
            if (!ring) {
                throw new ConfException(Kind.CONFLICT, "The attribute 'size' belongs to <dirty-ring state='on'>.");
            }
            if (Integer.bitCount(dirtyRingSize) != 1 || dirtyRingSize < 1024 || dirtyRingSize > 65536) {
                throw new ConfException(Kind.INVALID_VALUE, "The dirty ring size " + dirtyRingSize
                        + " must be a power of 2 from 1024 to 65536.");
            }
        }
    }

    /** Returns whether the feature is listed and on. */
    public boolean on(Feature f) {
        return Boolean.TRUE.equals(states.get(f));
    }

    /** A KVM feature, in libvirt's order. */
    public enum Feature implements XmlEnum {
        /** Hide the KVM signature from the guest ({@code kvm=off}). */
        HIDDEN("hidden"),
        /** Tell the guest its vCPUs have dedicated host CPUs. */
        HINT_DEDICATED("hint-dedicated"),
        /** Let the guest poll for idle instead of halting. */
        POLL_CONTROL("poll-control"),
        /** Paravirtual IPIs. */
        PV_IPI("pv-ipi"),
        /** Track dirty memory with a ring instead of a bitmap. */
        DIRTY_RING("dirty-ring");

        private final String xml;

        Feature(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
