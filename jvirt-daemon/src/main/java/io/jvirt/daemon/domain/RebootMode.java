package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * How {@code reboot} asks the guest to reboot: virsh's {@code --mode} words. The QEMU driver
 * (libvirt's and jvirt's) carries out {@link #ACPI} and {@link #AGENT}; the others belong to
 * other hypervisors and are refused.
 */
public enum RebootMode {
    /** Press the ACPI power button; when the guest is off, reset and continue the same QEMU. */
    ACPI,
    /** Ask the QEMU guest agent to reboot the guest (it needs the agent's channel). */
    AGENT,
    /** Tell init over its control channel (containers). */
    INITCTL,
    /** Send a signal to init (containers). */
    SIGNAL,
    /** Ask a paravirtualized guest (Xen). */
    PARAVIRT;

    /** The lowercase word virsh uses. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses virsh's comma-separated {@code --mode} list; null or blank means the default.
     *
     * @throws DaemonException INVALID_ARGUMENT naming an unknown word
     */
    public static Set<RebootMode> parse(String modes) {
        return parse(modes, "reboot");
    }

    /**
     * Parses virsh's {@code --mode} list of {@code verb} (reboot or shutdown, which share the words).
     *
     * @throws DaemonException INVALID_ARGUMENT naming an unknown word
     */
    public static Set<RebootMode> parse(String modes, String verb) {
        Set<RebootMode> out = EnumSet.noneOf(RebootMode.class);
        if (modes == null || modes.isBlank()) {
            return out;
        }
        for (String w : modes.split(",", -1)) {
            String word = w.strip();
            RebootMode m = null;
            for (RebootMode c : values()) {
                if (c.word().equals(word)) {
                    m = c;
                }
            }
            if (m == null) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Unknown " + verb + " mode '" + word
                        + "'; the modes are acpi, agent, initctl, signal and paravirt (comma-separated).");
            }
            out.add(m);
        }
        return out;
    }

    /** True for the modes the QEMU driver can carry out. */
    boolean supportedByQemu() {
        return switch (this) {
            case ACPI, AGENT -> true;
            case INITCTL, SIGNAL, PARAVIRT -> false;
        };
    }
}
