package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The I/O threads of a domain: {@code <iothreads>N</iothreads>}, {@code <iothreadids>} and
 * {@code <defaultiothread>}. Each I/O thread becomes a QEMU {@code iothread} object
 * ({@code iothreadN}) that disks and controllers name with {@code iothread='N'}.
 *
 * @param ids the I/O threads, in order; those the count asks for beyond the listed ids are
 *     filled in (the lowest unused ids from 1), as libvirt does
 * @param listed whether {@code <iothreadids>} was given, so that it is written back
 * @param defaultThread the thread pool of QEMU's main loop ({@code <defaultiothread>}), or null
 */
public record IoThreadsDef(List<IoThread> ids, boolean listed, Pool defaultThread) {

    /** No I/O threads. */
    public static final IoThreadsDef NONE = new IoThreadsDef(List.of(), false, null);

    /** Checks that the ids are unique. */
    public IoThreadsDef {
        ids = Checks.list(ids);
        for (int i = 0; i < ids.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (ids.get(i).id() == ids.get(j).id()) {
                    throw new ConfException(Kind.DUPLICATE, "The I/O thread id " + ids.get(i).id()
                            + " is listed twice in <iothreadids>.");
                }
            }
        }
    }

    /**
     * Builds the threads from the count and the listed ids, filling in ids as libvirt does.
     *
     * @param count the {@code <iothreads>} count, or null
     * @param listed the {@code <iothreadids>} entries, or null when absent
     * @param defaultThread the default thread pool, or null
     * @return the definition
     */
    public static IoThreadsDef of(Integer count, List<IoThread> listed, Pool defaultThread) {
        List<IoThread> all = new ArrayList<>(listed == null ? List.of() : listed);
        int wanted = Math.max(count == null ? 0 : count, all.size());
        int next = 1;
        while (all.size() < wanted) {
            int candidate = next;
            if (all.stream().noneMatch(t -> t.id() == candidate)) {
                all.add(new IoThread(candidate, null, null));
            }
            next++;
        }
        return new IoThreadsDef(all, listed != null && !listed.isEmpty(), defaultThread);
    }

    /** Returns the number of I/O threads. */
    public int count() {
        return ids.size();
    }

    /** Returns whether there is an I/O thread with this id. */
    public boolean has(int id) {
        return ids.stream().anyMatch(t -> t.id() == id);
    }

    /** Returns whether nothing is set. */
    public boolean isEmpty() {
        return ids.isEmpty() && defaultThread == null;
    }

    /**
     * An {@code <iothread>}.
     *
     * @param id the id, from 1
     * @param poolMin the least number of worker threads, or null
     * @param poolMax the most worker threads, or null
     */
    public record IoThread(int id, Integer poolMin, Integer poolMax) {
        /** Checks the id and the pool bounds. */
        public IoThread {
            if (id < 1) {
                throw new ConfException(Kind.INVALID_VALUE, "An I/O thread id must be at least 1, not " + id + ".");
            }
            Pool.check(poolMin, poolMax, "I/O thread " + id);
        }
    }

    /**
     * {@code <defaultiothread>}: the worker pool of QEMU's main loop.
     *
     * @param poolMin the least number of worker threads, or null
     * @param poolMax the most worker threads, or null
     */
    public record Pool(Integer poolMin, Integer poolMax) {
        /** Checks the bounds. */
        public Pool {
            check(poolMin, poolMax, "the default I/O thread");
        }

        static void check(Integer min, Integer max, String what) {
            if (max != null && max == 0) {
                throw new ConfException(Kind.INVALID_VALUE, "The thread_pool_max of " + what
                        + " must be a positive number.");
            }
            if (min != null && max != null && min > max) {
                throw new ConfException(Kind.CONFLICT, "The thread_pool_min of " + what + " (" + min
                        + ") must not be more than its thread_pool_max (" + max + ").");
            }
        }
    }
}
