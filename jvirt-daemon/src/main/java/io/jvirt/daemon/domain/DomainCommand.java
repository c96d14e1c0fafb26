package io.jvirt.daemon.domain;

import java.time.Duration;
import java.util.Set;

/**
 * Every operation that changes a domain, as a value. Front ends (REST, CLI through REST,
 * later libvirt RPC) only parse their input into one of these and format the result;
 * {@link DomainService#execute} holds the logic.
 */
public sealed interface DomainCommand {
    /** Defines or redefines a persistent domain from libvirt XML. */
    record Define(String xml) implements DomainCommand { }

    /** Defines a transient domain and starts it; it disappears when it stops. */
    record Create(String xml, boolean paused) implements DomainCommand { }

    /**
     * Removes a persistent definition (a running domain turns transient).
     *
     * @param ref the domain
     * @param nvram what happens to its UEFI variable store
     * @param keepTpm whether the state of its emulated TPM stays (virsh's --keep-tpm)
     * @param snapshotsMetadata lets a shut-off domain with snapshots go, their metadata with it
     *                          (virsh's --snapshots-metadata)
     * @param managedSave lets one with a managed save image go, the image with it (--managed-save)
     */
    record Undefine(String ref, NvramPolicy nvram, boolean keepTpm, boolean snapshotsMetadata, boolean managedSave)
            implements DomainCommand {
        public Undefine(String ref, NvramPolicy nvram, boolean keepTpm) {
            this(ref, nvram, keepTpm, false, false);
        }
    }

    /** What undefine does with a domain's UEFI variable store (virsh's --nvram and --keep-nvram). */
    enum NvramPolicy {
        /** Refuse to undefine a domain whose variable store exists, as virsh does without a flag. */
        REFUSE,
        /** Delete the variable store with the definition. */
        DELETE,
        /** Keep the variable store. */
        KEEP
    }

    /** Starts a shut-off domain: from its managed save image if it has one, unless {@code forceBoot}. */
    record Start(String ref, boolean paused, boolean forceBoot) implements DomainCommand {
        public Start(String ref, boolean paused) {
            this(ref, paused, false);
        }
    }

    /**
     * Asks the guest to power off: the ACPI power button, or with {@code modes} (virsh's
     * {@code --mode} words, tried in turn) the guest agent; with a timeout, waits until the
     * domain is off.
     */
    record Shutdown(String ref, Duration timeout, Set<RebootMode> modes) implements DomainCommand {
        public Shutdown {
            modes = Set.copyOf(modes);
        }

        /** The ACPI power button. */
        public Shutdown(String ref, Duration timeout) {
            this(ref, timeout, Set.of());
        }
    }

    /** Stops QEMU at once (SIGTERM, then SIGKILL). */
    record Destroy(String ref, boolean graceful) implements DomainCommand {
        /** A plain destroy: SIGTERM, then SIGKILL. */
        public Destroy(String ref) {
            this(ref, false);
        }
    }

    /**
     * Reboots the guest in the same QEMU process: the ACPI power button with the reboot mark
     * (then a reset once the guest is off), or the QEMU guest agent.
     *
     * @param modes virsh's {@code --mode} words; empty for the default (acpi)
     */
    record Reboot(String ref, Set<RebootMode> modes) implements DomainCommand {
        public Reboot {
            modes = Set.copyOf(modes);
        }
    }

    /** Hardware reset, like pressing the reset button. */
    record Reset(String ref) implements DomainCommand { }

    record Suspend(String ref) implements DomainCommand { }

    record Resume(String ref) implements DomainCommand { }

    /**
     * Asks the guest, through its agent, to suspend itself ({@code dompmsuspend}).
     *
     * @param target mem, disk or hybrid
     * @param duration how long to sleep; only 0 (until woken up) is supported, as with libvirt's QEMU driver
     */
    record PmSuspend(String ref, String target, long duration) implements DomainCommand { }

    /** Wakes a guest that suspended itself to RAM ({@code dompmwakeup}). */
    record PmWakeup(String ref) implements DomainCommand { }

    record SetAutostart(String ref, boolean enabled) implements DomainCommand { }

    /**
     * Changes a domain's devices or resources besides its lifecycle (hotplug, media, memory,
     * vCPUs, pinning, I/O limits, renaming); {@link HotplugService} executes it.
     */
    record Hotplug(String ref, HotplugCommand command) implements DomainCommand { }

    /**
     * Gives a new domain (a clone) copies of another domain's UEFI variable store and TPM state,
     * as virt-clone copies them; both domains must be shut off (or the original paused).
     *
     * @param ref the new domain
     * @param from the original domain
     */
    record CopyState(String ref, String from) implements DomainCommand { }
}
