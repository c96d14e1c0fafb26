package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * The {@code <maxMemory>} element: the most memory the guest can reach with memory devices
 * plugged, and the number of slots for them ({@code -m size=...,slots=N,maxmem=...}).
 *
 * @param slots the number of memory slots, at least 1
 * @param sizeKiB the maximum memory in KiB
 */
public record MaxMemoryDef(int slots, long sizeKiB) {

    /** Checks that both are set. */
    public MaxMemoryDef {
        if (slots < 1 || sizeKiB < 1) {
            throw new ConfException(Kind.MISSING_VALUE,
                    "<maxMemory> needs both a size and a 'slots' count of at least 1.");
        }
    }
}
