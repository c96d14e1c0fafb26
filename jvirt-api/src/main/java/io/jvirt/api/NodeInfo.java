package io.jvirt.api;

/**
 * The host's processors and memory as {@code nodeinfo} shows them (libvirt's virNodeInfo).
 *
 * @param model the CPU architecture (x86_64)
 * @param mhz the processors' nominal frequency
 * @param memoryKiB the host's memory
 */
public record NodeInfo(String model, int cpus, int mhz, int sockets, int coresPerSocket, int threadsPerCore,
                       int numaCells, long memoryKiB) {
}
