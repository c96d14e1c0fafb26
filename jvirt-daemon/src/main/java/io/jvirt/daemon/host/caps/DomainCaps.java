package io.jvirt.daemon.host.caps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a domain of one type, emulator, architecture and machine type can use here: the content
 * of libvirt's domain capabilities document (formatdomaincaps.html), decided by
 * {@link DomainCapsBuilder} and written by {@link DomainCapsXml}.
 *
 * @param path the emulator
 * @param domainType {@code qemu} or {@code kvm}
 * @param machine the canonical machine type
 * @param arch the architecture
 * @param vcpuMax the most vCPUs the machine type takes
 * @param iothreads whether I/O threads exist
 * @param loaders the UEFI firmware images that fit, in the descriptors' priority order; the firmware enum says {@code efi} when any does
 * @param secureBoot the values of the loader's {@code secure} enum
 * @param cpu the CPU modes
 * @param memorySources the memory backing source types
 * @param devices each device element with its enums, in libvirt's order; a device without enums
 *                is still supported
 * @param features each feature element and whether it is supported, in libvirt's order
 * @param hypervFeatures the Hyper-V enlightenments offered
 */
public record DomainCaps(String path, String domainType, String machine, String arch, int vcpuMax, boolean iothreads,
                         List<String> loaders, List<String> secureBoot, Cpu cpu, List<String> memorySources,
                         Map<String, Map<String, List<String>>> devices, Map<String, Boolean> features,
                         List<String> hypervFeatures) {

    /** Copies the collections, keeping their order. */
    public DomainCaps {
        loaders = List.copyOf(loaders);
        secureBoot = List.copyOf(secureBoot);
        memorySources = List.copyOf(memorySources);
        Map<String, Map<String, List<String>>> d = new LinkedHashMap<>();
        devices.forEach((k, v) -> d.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        devices = java.util.Collections.unmodifiableMap(d);
        features = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
        hypervFeatures = List.copyOf(hypervFeatures);
    }

    /**
     * The CPU modes.
     *
     * @param hostPassthrough whether {@code host-passthrough} works (KVM only)
     * @param maximum whether {@code maximum} works
     * @param hostModel the host CPU as a named model plus features
     * @param models the named models for {@code custom}
     */
    public record Cpu(boolean hostPassthrough, boolean maximum, HostModel hostModel, List<Model> models) {
        /** Copies the list. */
        public Cpu {
            models = List.copyOf(models);
        }
    }

    /**
     * {@code host-model}: what the guest gets.
     *
     * @param model the named model
     * @param vendor the vendor
     * @param require the features added to the model
     * @param disable the model's features taken away
     */
    public record HostModel(String model, String vendor, List<String> require, List<String> disable) {
        /** Copies the lists. */
        public HostModel {
            require = List.copyOf(require);
            disable = List.copyOf(disable);
        }
    }

    /**
     * A named CPU model.
     *
     * @param name its name
     * @param usable whether it runs here as it is
     * @param vendor its vendor, or {@code unknown}
     * @param deprecated whether QEMU deprecated it
     */
    public record Model(String name, boolean usable, String vendor, boolean deprecated) {
    }
}
