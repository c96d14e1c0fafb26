package io.jvirt.image.lock;

import java.util.ArrayList;
import java.util.List;

/**
 * Locks on an image and its backing chain held together, without the image being open: for
 * work that reads or repairs the file by other means (qemu-img check). Closing releases
 * everything, the backing chain first.
 */
public final class ImageLease implements AutoCloseable {

    private final List<AutoCloseable> parts;

    /**
     * @param parts what to close, in the order taken (the image's lock first, then its backing images)
     */
    public ImageLease(List<AutoCloseable> parts) {
        this.parts = new ArrayList<>(parts);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            } catch (Exception e) {
                failure = failure == null ? new IllegalStateException(e) : failure;
            }
        }
        parts.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
