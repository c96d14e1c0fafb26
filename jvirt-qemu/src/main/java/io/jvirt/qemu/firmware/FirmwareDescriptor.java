package io.jvirt.qemu.firmware;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One QEMU firmware descriptor (QEMU's {@code docs/interop/firmware.json}): which firmware
 * image, for which interfaces, architectures and machine types, with which features. Read by
 * {@link FirmwareDescriptors}.
 *
 * @param file the descriptor file, for messages
 * @param interfaces the interface types it offers ({@code uefi}, {@code bios}, ...), as spelled
 * @param mapping how the image is given to the guest
 * @param targets the architectures and machine type globs it supports
 * @param features its features ({@code secure-boot}, {@code requires-smm}, ...), as spelled; names
 *     this version does not know are kept and match nothing
 */
public record FirmwareDescriptor(Path file, List<String> interfaces, Mapping mapping, List<Target> targets,
                                 Set<String> features) {

    /** Copies the collections. */
    public FirmwareDescriptor {
        interfaces = List.copyOf(interfaces);
        targets = List.copyOf(targets);
        features = Set.copyOf(features);
    }

    /**
     * Returns whether the firmware runs on the machine type.
     *
     * @param architecture QEMU's architecture name ({@code x86_64}, {@code i386})
     * @param machine a canonical machine type ({@code pc-q35-7.2})
     */
    public boolean supports(String architecture, String machine) {
        return targets.stream().anyMatch(t -> t.architecture().equals(architecture)
                && t.machines().stream().anyMatch(g -> Glob.matches(g, machine)));
    }

    /** Returns whether the descriptor lists the feature. */
    public boolean has(String feature) {
        return features.contains(feature);
    }

    /**
     * An architecture and the machine types (globs such as {@code pc-q35-*}) the firmware runs on.
     *
     * @param architecture the QEMU architecture name ({@code x86_64}, {@code i386}, ...)
     * @param machines the machine type globs
     */
    public record Target(String architecture, List<String> machines) {
        /** Copies the list. */
        public Target {
            machines = List.copyOf(machines);
        }
    }

    /** How the firmware image reaches the guest. */
    public sealed interface Mapping {
    }

    /**
     * Flash: an executable and, in split mode, a variable store template.
     *
     * @param mode split (executable plus a per-guest variable store), combined or stateless
     * @param executable the firmware code
     * @param nvramTemplate the pristine variable store (split mode), else null
     */
    public record Flash(FlashMode mode, FlashFile executable, FlashFile nvramTemplate) implements Mapping {
    }

    /**
     * A file and its format as the descriptor names them.
     *
     * @param filename the absolute path
     * @param format the format, such as {@code raw}
     */
    public record FlashFile(String filename, String format) {
    }

    /**
     * Memory: a ROM image ({@code -bios}).
     *
     * @param filename the image
     */
    public record Memory(String filename) implements Mapping {
    }

    /**
     * Kernel: the firmware is a kernel image ({@code -kernel}).
     *
     * @param filename the image
     */
    public record Kernel(String filename) implements Mapping {
    }

    /** The {@code mode} of a flash mapping. */
    public enum FlashMode {
        /** Code and variables in two files; the variables per guest, from a template. */
        SPLIT,
        /** Code and variables in one file. */
        COMBINED,
        /** Code only; no variable store. */
        STATELESS
    }
}
