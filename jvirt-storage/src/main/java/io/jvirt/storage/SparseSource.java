package io.jvirt.storage;

import java.io.IOException;

/**
 * The bytes of a sparse upload ({@link StoragePool#upload(String, SparseSource, long, long,
 * TransferProgress)}), pushed as runs of data and holes into the sink the pool gives, the
 * mirror image of {@link SparseSink} for downloads. A hole is a run of zero bytes the sender
 * did not transfer; the pool never writes it.
 */
@FunctionalInterface
public interface SparseSource {

    /**
     * Sends everything, in order and without gaps.
     *
     * @param sink where the runs go
     * @throws IOException when reading the source fails, or writing the volume does
     */
    void writeTo(SparseSink sink) throws IOException;
}
