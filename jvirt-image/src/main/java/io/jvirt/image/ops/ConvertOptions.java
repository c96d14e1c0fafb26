package io.jvirt.image.ops;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.WriteCache;

/**
 * How {@link Converter} writes its target.
 *
 * @param create options for creating the target, or null to write into an existing image (-n)
 * @param compress write compressed clusters (-c), qcow2 targets only
 * @param sparseSize zero runs of at least this many bytes are not written (-S); 0 writes everything
 * @param backingAware the target has a backing file equal to the source's backing (-B): copy only
 *     what the source's top layer allocates
 * @param threads compression worker threads
 * @param cache how the writes to the target reach the disk (-t); null for writeback
 */
public record ConvertOptions(CreateOptions create, boolean compress, long sparseSize, boolean backingAware,
        int threads, WriteCache cache) {

    /**
     * Options that write the target durably (writeback).
     *
     * @param create options for creating the target, or null to write into an existing image
     * @param compress write compressed clusters
     * @param sparseSize the shortest zero run left unwritten; 0 writes everything
     * @param backingAware copy only what the source's top layer allocates
     * @param threads compression worker threads
     */
    public ConvertOptions(CreateOptions create, boolean compress, long sparseSize, boolean backingAware,
            int threads) {
        this(create, compress, sparseSize, backingAware, threads, null);
    }
}
