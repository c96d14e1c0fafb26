package io.jvirt.image.ops;

import io.jvirt.image.CreateOptions;

/**
 * How {@link Converter} writes its target.
 *
 * @param create options for creating the target, or null to write into an existing image (-n)
 * @param compress write compressed clusters (-c), qcow2 targets only
 * @param sparseSize zero runs of at least this many bytes are not written (-S); 0 writes everything
 * @param backingAware the target has a backing file equal to the source's backing (-B): copy only
 *     what the source's top layer allocates
 * @param threads compression worker threads
 */
public record ConvertOptions(CreateOptions create, boolean compress, long sparseSize, boolean backingAware,
        int threads) {
}
