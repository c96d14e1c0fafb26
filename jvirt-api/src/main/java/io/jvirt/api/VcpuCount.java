package io.jvirt.api;

/**
 * A domain's vCPU counts, as {@code vcpucount} prints them; a count that does not apply (the
 * live ones of a shut-off domain, the persistent ones of a transient domain, the guest's without
 * its agent) is null.
 *
 * @param maximumConfig the maximum in the persistent definition
 * @param maximumLive the maximum of the running domain
 * @param currentConfig the vCPUs the persistent definition starts with
 * @param currentLive the vCPUs the running domain has
 */
public record VcpuCount(Integer maximumConfig, Integer maximumLive, Integer currentConfig, Integer currentLive) {
}
