package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * A domain-level {@code <seclabel>}: the security label libvirt's SELinux, AppArmor or DAC driver
 * gives the domain's process and files (the per-file overrides inside a disk's {@code <source>}
 * belong to the disk model). jvirt keeps labels
 * as given and enforces none of them: its guests run under QEMU's own seccomp sandbox
 * ({@code -sandbox on,...}) as the daemon's user, with the daemon's private state directory
 * (0700) and file modes as the only separation; no label is applied to processes or files.
 *
 * @param type dynamic, static or none
 * @param model the security driver the label is for ({@code selinux}, {@code apparmor}, {@code dac},
 *     {@code none}), or null
 * @param relabel whether files are relabelled, or null when not given
 * @param label the process label, or null
 * @param imagelabel the label of the domain's files, or null
 * @param baselabel the base a dynamic label is made from, or null
 */
public record SeclabelDef(Type type, String model, Boolean relabel, String label,
                          String imagelabel, String baselabel) {

    /** Validates the combination, as libvirt's parser does. */
    public SeclabelDef {
        Checks.noControl(model, "The seclabel model");
        Checks.noControl(label, "The seclabel label");
        Checks.noControl(imagelabel, "The seclabel imagelabel");
        Checks.noControl(baselabel, "The seclabel baselabel");
        Checks.required(type, "The seclabel type");
        if ("none".equals(model) && type != Type.NONE) {
            // libvirt's older configurations: a 'none' model means no labelling at all
            type = Type.NONE;
            relabel = relabel == null ? null : Boolean.FALSE;
        }
        switch (type) {
            case DYNAMIC -> {
                if (Boolean.FALSE.equals(relabel)) {
                    throw new ConfException(Kind.CONFLICT,
                            "A dynamic security label must use resource relabelling; remove relabel='no'.");
                }
            }
            case STATIC -> {
                if (label == null) {
                    throw new ConfException(Kind.MISSING_VALUE, "A static security label needs its <label>.");
                }
            }
            case NONE -> {
                if (Boolean.TRUE.equals(relabel)) {
                    throw new ConfException(Kind.CONFLICT,
                            "Resource relabelling does not go with a security label of type 'none'.");
                }
            }
        }
    }

    /** The {@code type} attribute of a domain's label. */
    public enum Type implements XmlEnum {
        /** The driver makes a unique label at start. */
        DYNAMIC("dynamic"),
        /** The label is given. */
        STATIC("static"),
        /** No labelling. */
        NONE("none");

        private final String xml;

        Type(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
