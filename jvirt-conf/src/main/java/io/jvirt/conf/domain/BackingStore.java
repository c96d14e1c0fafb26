package io.jvirt.conf.domain;

/**
 * A {@code <backingStore>}: either the next layer of a disk's backing chain (a
 * {@link StorageSource} with its format) or {@link #END}, an empty {@code <backingStore/>} that
 * says the layer above has no backing image. A layer whose backing is null leaves the chain to
 * be read from the image itself, as QEMU does.
 */
public sealed interface BackingStore permits BackingStore.End, StorageSource {

    /** The end of a chain: {@code <backingStore/>}. */
    End END = new End();

    /** The empty {@code <backingStore/>}. */
    record End() implements BackingStore {
    }
}
