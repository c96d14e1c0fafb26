package io.jvirt.image.foreign;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small thread-safe cache of recently used metadata tables, bounded by entry count.
 *
 * @param <V> the cached value
 */
public final class LruCache<V> {

    /** Loads a value on a miss. */
    @FunctionalInterface
    public interface Loader<V> {
        /** Loads the value for {@code key}. */
        V load(long key);
    }

    private final Map<Long, V> map;

    /**
     * Creates a cache.
     *
     * @param capacity how many entries to keep, at least one
     */
    public LruCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A cache must hold at least one entry, not " + capacity + ".");
        }
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Returns the cached value for {@code key}, loading it on a miss. */
    public V get(long key, Loader<V> loader) {
        synchronized (map) {
            V value = map.get(key);
            if (value != null) {
                return value;
            }
        }
        V loaded = loader.load(key);
        synchronized (map) {
            map.put(key, loaded);
        }
        return loaded;
    }
}
