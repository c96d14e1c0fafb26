package io.jvirt.conf.domain;

/**
 * A per-device {@code <seclabel model relabel><label>...</label></seclabel>} override, kept as
 * written: jvirt runs no security driver yet, so it only carries the setting along.
 *
 * @param model the security driver it applies to (selinux, dac, apparmor), or null
 * @param relabel whether the driver relabels this file, or null
 * @param label the label, or null
 */
public record Seclabel(String model, Boolean relabel, String label) {
    /** Validates the text. */
    public Seclabel {
        Checks.noControl(model, "The seclabel model");
        Checks.noControl(label, "The seclabel label");
    }
}
