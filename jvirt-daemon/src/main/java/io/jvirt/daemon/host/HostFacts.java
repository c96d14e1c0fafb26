package io.jvirt.daemon.host;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the host read from /proc, cheap and read once. */
public final class HostFacts {
    private final long memoryKiB;
    private final int cpus;
    private final String hostname;

    private HostFacts(long memoryKiB, int cpus, String hostname) {
        this.memoryKiB = memoryKiB;
        this.cpus = cpus;
        this.hostname = hostname;
    }

    public static HostFacts read() {
        long mem = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    mem = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    break;
                }
            }
        } catch (IOException | NumberFormatException e) {
            mem = Runtime.getRuntime().maxMemory() / 1024;
        }
        String host;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                host = "localhost";
            }
        }
        return new HostFacts(mem, Runtime.getRuntime().availableProcessors(), host);
    }

    /** Total RAM of the host in KiB. */
    public long memoryKiB() {
        return memoryKiB;
    }

    public int cpus() {
        return cpus;
    }

    public String hostname() {
        return hostname;
    }
}
