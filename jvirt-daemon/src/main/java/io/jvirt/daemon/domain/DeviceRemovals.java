package io.jvirt.daemon.domain;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The removals a detach waits for: {@code device_del} only asks, and the device is gone once
 * QEMU reports DEVICE_DELETED (or the guest refuses, DEVICE_UNPLUG_GUEST_ERROR). A detach
 * registers the device here before it asks, and the monitor's event thread completes it. An
 * event nobody waits for (the detach timed out, or the guest let go of a device on its own) is
 * the hotplug service's to finish.
 */
final class DeviceRemovals {
    private record Key(UUID domain, String id) { }

    private final Map<Key, CompletableFuture<Boolean>> waiting = new ConcurrentHashMap<>();

    /**
     * Registers a removal about to be asked for.
     *
     * @return completes with true when the device is gone, false when the guest refused
     */
    CompletableFuture<Boolean> expect(DomainObj obj, String id) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        waiting.put(new Key(obj.uuid(), id), f);
        return f;
    }

    /** Stops waiting for a removal (it timed out, or asking failed). */
    void forget(DomainObj obj, String id) {
        waiting.remove(new Key(obj.uuid(), id));
    }

    /**
     * QEMU reported the device gone.
     *
     * @return whether a detach was waiting for it (and now finishes the removal itself)
     */
    boolean deleted(DomainObj obj, String id) {
        CompletableFuture<Boolean> f = waiting.remove(new Key(obj.uuid(), id));
        return f != null && f.complete(true);
    }

    /**
     * The guest refused to let the device go.
     *
     * @return whether a detach was waiting for it
     */
    boolean refused(DomainObj obj, String id) {
        CompletableFuture<Boolean> f = waiting.remove(new Key(obj.uuid(), id));
        return f != null && f.complete(false);
    }
}
