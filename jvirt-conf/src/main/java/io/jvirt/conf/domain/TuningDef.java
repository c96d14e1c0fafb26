package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The placement and tuning sections of a domain, which libvirt calls its tunables: how QEMU's
 * threads and memory are placed on the host and what they may use. Each part is null (or
 * empty) when the definition does not have it. Cross-checks against the rest of the domain
 * (vCPU ids, NUMA cells, I/O thread ids) are {@link TuningChecks}'.
 *
 * @param blkiotune {@code <blkiotune>}
 * @param memtune {@code <memtune>}
 * @param memoryBacking {@code <memoryBacking>}
 * @param iothreads {@code <iothreads>}, {@code <iothreadids>} and {@code <defaultiothread>}
 * @param cputune {@code <cputune>}
 * @param numatune {@code <numatune>}
 * @param resource {@code <resource>}
 * @param perf {@code <perf>}
 */
public record TuningDef(BlkioTuneDef blkiotune, MemTuneDef memtune, MemoryBackingDef memoryBacking,
                        IoThreadsDef iothreads, CpuTuneDef cputune, NumaTuneDef numatune, Resource resource,
                        Perf perf) {

    /** Nothing tuned. */
    public static final TuningDef NONE = new TuningDef(null, null, null, null, null, null, null, null);

    /** Drops empty parts. */
    public TuningDef {
        blkiotune = blkiotune == null || blkiotune.isEmpty() ? null : blkiotune;
        memtune = memtune == null || memtune.isEmpty() ? null : memtune;
        iothreads = iothreads == null ? IoThreadsDef.NONE : iothreads;
        cputune = cputune == null || cputune.isEmpty() ? null : cputune;
    }

    /** Returns a copy with other I/O threads. */
    public TuningDef withIothreads(IoThreadsDef value) {
        return new TuningDef(blkiotune, memtune, memoryBacking, value, cputune, numatune, resource, perf);
    }

    /**
     * {@code <resource>}: where the domain's cgroup goes.
     *
     * @param partition the partition path, such as {@code /machine/production}
     */
    public record Resource(String partition) {
        private static final Pattern PARTITION = Pattern.compile("(/[A-Za-z0-9_.\\-]+)+");

        /** Checks the path. */
        public Resource {
            Checks.required(partition, "The resource partition");
            if (!PARTITION.matcher(partition).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The resource partition '" + Checks.printable(partition)
                        + "' must be an absolute path of names made of letters, digits, '_', '.' and '-'.");
            }
        }
    }

    /**
     * {@code <perf>}: host performance counters libvirt can read for the domain. jvirt keeps
     * them in the definition but does not collect them.
     *
     * @param events the events, in order
     */
    public record Perf(List<Event> events) {
        /** Copies the list. */
        public Perf {
            events = Checks.list(events);
        }
    }

    /**
     * An {@code <event>}.
     *
     * @param name the event name, such as {@code cmt}
     * @param enabled whether it is enabled
     */
    public record Event(String name, boolean enabled) {
        /** The event names libvirt knows. */
        public static final Set<String> NAMES = Set.of("cmt", "mbmt", "mbml", "cpu_cycles", "instructions",
                "cache_references", "cache_misses", "branch_instructions", "branch_misses", "bus_cycles",
                "stalled_cycles_frontend", "stalled_cycles_backend", "ref_cpu_cycles", "cpu_clock", "task_clock",
                "page_faults", "context_switches", "cpu_migrations", "page_faults_min", "page_faults_maj",
                "alignment_faults", "emulation_faults");

        /** Checks the name. */
        public Event {
            Checks.required(name, "The perf event name");
            if (!NAMES.contains(name)) {
                throw new ConfException(Kind.INVALID_VALUE, "The perf event '" + Checks.printable(name)
                        + "' is not one libvirt knows, such as cpu_cycles or cache_misses.");
            }
        }
    }
}
