package io.jvirt.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Readings of a process's threads and memory from {@code /proc}: the threads of a process, one
 * thread's CPU time, last CPU, state and allowed CPUs, and a process's resident memory. The
 * parsers are pure and tested on their own; the readers only open the files.
 */
public final class ProcTasks {
    /** Clock ticks per second of {@code /proc/PID/stat}'s times (USER_HZ, 100 on Linux). */
    public static final long TICKS_PER_SECOND = 100;
    /** The page size of {@code /proc/PID/statm} on x86-64. */
    private static final long PAGE_KIB = 4;

    private ProcTasks() {
    }

    /**
     * One thread's scheduling facts.
     *
     * @param state the state letter (R running, S sleeping, ...)
     * @param cpuTicks user plus system CPU time in clock ticks
     * @param lastCpu the CPU it last ran on
     */
    public record ThreadStat(char state, long cpuTicks, int lastCpu) {
        /** The CPU time in nanoseconds. */
        public long cpuTimeNanos() {
            return cpuTicks * (1_000_000_000L / TICKS_PER_SECOND);
        }
    }

    /** The thread ids of a process, in ascending order. */
    public static List<Long> threads(long pid) throws IOException {
        List<Long> out = new ArrayList<>();
        try (var s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            s.forEach(p -> out.add(Long.parseLong(p.getFileName().toString())));
        }
        out.sort(null);
        return out;
    }

    /** One thread's {@code stat} line, read. */
    public static ThreadStat thread(long pid, long tid) throws IOException {
        return parseStat(Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid), "stat")));
    }

    /** Parses a {@code stat} line: fields count from the last ')' since the name may hold spaces. */
    public static ThreadStat parseStat(String line) {
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state); utime is field 14, stime 15, processor 39
        return new ThreadStat(f[0].charAt(0), Long.parseLong(f[11]) + Long.parseLong(f[12]), Integer.parseInt(f[36]));
    }

    /** The CPUs a thread may run on, as the kernel lists them ({@code 0-3,6}). */
    public static String allowedCpus(long pid, long tid) throws IOException {
        return parseAllowed(Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid),
                "status")));
    }

    /** The {@code Cpus_allowed_list} of a {@code status} file. */
    public static String parseAllowed(String status) {
        for (String l : status.split("\n")) {
            if (l.startsWith("Cpus_allowed_list:")) {
                return l.substring(l.indexOf(':') + 1).strip();
            }
        }
        throw new IllegalArgumentException("the status file has no Cpus_allowed_list line");
    }

    /** A process's resident memory in KiB ({@code statm}). */
    public static long residentKiB(long pid) throws IOException {
        String[] f = Files.readString(Path.of("/proc", Long.toString(pid), "statm")).strip().split(" ");
        return Long.parseLong(f[1]) * PAGE_KIB;
    }

    /** The number of host CPUs: one past the highest CPU of {@code /sys/devices/system/cpu/present}. */
    public static int hostCpus() throws IOException {
        return parseCpuCount(Files.readString(Path.of("/sys/devices/system/cpu/present")));
    }

    /** One past the highest CPU of a list such as {@code 0-3,8}. */
    public static int parseCpuCount(String list) {
        int max = -1;
        for (String part : list.strip().split(",")) {
            String last = part.contains("-") ? part.substring(part.indexOf('-') + 1) : part;
            max = Math.max(max, Integer.parseInt(last.strip()));
        }
        return max + 1;
    }
}
