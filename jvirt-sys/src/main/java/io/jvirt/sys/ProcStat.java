package io.jvirt.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One reading of {@code /proc/PID/stat}: the process state letter and its start time in
 * clock ticks since boot. The start time is what tells a process apart from a later one
 * that reuses its pid.
 */
public record ProcStat(long pid, char state, long startTime) {

    /** Reads the process's stat line, or empty when no such process exists. */
    public static Optional<ProcStat> read(long pid) {
        String line;
        try {
            line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(parse(pid, line));
    }

    /** Parses a stat line; the command name may contain spaces and parentheses, so fields count from the last ')'. */
    public static ProcStat parse(long pid, String line) {
        int close = line.lastIndexOf(')');
        String[] f = line.substring(close + 2).trim().split(" ");
        // after "pid (comm) ": f[0]=state ... starttime is field 22 overall, i.e. index 19 here
        return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[19]));
    }

    /** True while the process runs; a zombie ({@code Z}) or dead ({@code X}) process has exited. */
    public boolean alive() {
        return state != 'Z' && state != 'X';
    }

    /** True when {@code pid} is alive and is the same process that started at {@code startTime}. */
    public static boolean isSameLiveProcess(long pid, long startTime) {
        return read(pid).filter(s -> s.startTime() == startTime && s.alive()).isPresent();
    }
}
