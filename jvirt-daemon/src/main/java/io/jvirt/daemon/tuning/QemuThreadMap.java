package io.jvirt.daemon.tuning;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The threads of a running QEMU, as its monitor and {@code /proc} name them: one per vCPU, one
 * per I/O thread, and the rest (the main loop, workers, the emulator's own threads).
 *
 * @param pid QEMU's process id
 * @param vcpus the thread of each vCPU, by vCPU id
 * @param iothreads the thread of each I/O thread, by I/O thread id (1, 2, ...)
 * @param all every thread of the process
 */
public record QemuThreadMap(long pid, Map<Integer, Long> vcpus, Map<Integer, Long> iothreads, List<Long> all) {

    /** Copies the collections, keeping the maps ordered by id. */
    public QemuThreadMap {
        vcpus = new TreeMap<>(vcpus);
        iothreads = new TreeMap<>(iothreads);
        all = List.copyOf(all);
    }

    /** Returns the threads that are neither vCPUs nor I/O threads: the emulator's. */
    public List<Long> emulator() {
        return all.stream().filter(t -> !vcpus.containsValue(t) && !iothreads.containsValue(t)).toList();
    }
}
