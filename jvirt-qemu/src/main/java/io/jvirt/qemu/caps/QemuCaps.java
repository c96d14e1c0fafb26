package io.jvirt.qemu.caps;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What one QEMU binary offers, as its QMP told under TCG with {@code -machine none}.
 *
 * @param emulator the binary's path
 * @param version QEMU's version ({@code 7.2.22})
 * @param packageVersion the distribution's package version, or empty
 * @param arch the guest architecture in libvirt's words ({@code x86_64}, {@code i686})
 * @param machines the machine types in QEMU's order, the default first
 * @param cpuModels the named CPU models (without versioned names, {@code host}, {@code max} and
 *                  {@code base}) in QEMU's order
 * @param tcgFeatures the CPU features TCG emulates (the {@code max} model's), QEMU's names
 * @param types every QOM type that can be created (devices, backends, objects)
 * @param tpmModels the TPM front ends ({@code tpm-tis}, {@code tpm-crb})
 * @param tpmTypes the TPM back ends ({@code passthrough}, {@code emulator})
 * @param kvmPresent whether this QEMU has KVM support built in and /dev/kvm exists
 * @param sev whether AMD SEV is available
 * @param sgx whether Intel SGX is available
 * @param displays the display back ends {@code -display help} lists (modules installed)
 * @param featureNames every CPU feature name QEMU knows (on or off in the {@code max} model)
 */
public record QemuCaps(String emulator, String version, String packageVersion, String arch, List<Machine> machines,
                       List<CpuModel> cpuModels, List<String> tcgFeatures, List<String> types, List<String> tpmModels,
                       List<String> tpmTypes, boolean kvmPresent, boolean sev, boolean sgx,
                       List<String> displays, List<String> featureNames) {

    /** Copies the lists. */
    public QemuCaps {
        Objects.requireNonNull(emulator, "emulator");
        machines = List.copyOf(machines);
        cpuModels = List.copyOf(cpuModels);
        tcgFeatures = List.copyOf(tcgFeatures);
        types = List.copyOf(new TreeSet<>(types));
        tpmModels = List.copyOf(tpmModels);
        tpmTypes = List.copyOf(tpmTypes);
        displays = List.copyOf(displays);
        featureNames = List.copyOf(featureNames);
    }

    /** Whether QEMU can create an object of this QOM type. */
    public boolean hasType(String type) {
        return Collections.binarySearch(types, type) >= 0;
    }

    /** The machine type QEMU uses without {@code -machine}, if it names one. */
    public Optional<Machine> defaultMachine() {
        return machines.stream().filter(Machine::isDefault).findFirst();
    }

    /**
     * A machine type by name or alias ({@code q35} is {@code pc-q35-7.2}).
     *
     * @param name a name or an alias
     * @return the machine type
     */
    public Optional<Machine> machine(String name) {
        return machines.stream().filter(m -> m.name().equals(name) || name.equals(m.alias())).findFirst();
    }

    /**
     * One machine type ({@code query-machines}).
     *
     * @param name the versioned name ({@code pc-q35-7.2})
     * @param alias the short name standing for it ({@code q35}), or null
     * @param maxCpus the most vCPUs it takes
     * @param deprecated whether QEMU deprecated it
     * @param isDefault whether QEMU uses it without {@code -machine}
     */
    public record Machine(String name, String alias, int maxCpus, boolean deprecated, boolean isDefault) {
    }

    /**
     * A named CPU model ({@code query-cpu-definitions} with its static expansion).
     *
     * @param name the model's name
     * @param usableTcg whether TCG can run it as it is (QEMU lists no unavailable features)
     * @param deprecated whether QEMU deprecated it
     * @param vendor {@code Intel}, {@code AMD}, {@code Hygon}, ... or {@code unknown}
     * @param features the CPU features the model has, QEMU's names
     */
    public record CpuModel(String name, boolean usableTcg, boolean deprecated, String vendor, List<String> features) {
        /** Copies the list. */
        public CpuModel {
            features = List.copyOf(features);
        }
    }
}
