package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * The {@code <launchSecurity>} element: a confidential guest. jvirt keeps it in the definition;
 * this host's QEMU and CPU lack AMD SEV, so a start is refused with a sentence saying so.
 */
public sealed interface LaunchSecurityDef permits LaunchSecurityDef.Sev {

    /**
     * {@code type='sev'}: AMD Secure Encrypted Virtualization.
     *
     * @param kernelHashes whether the kernel, initrd and command line are measured, or null
     * @param cbitpos the C-bit position in page table entries, or null
     * @param reducedPhysBits the physical address bits lost to encryption, or null
     * @param policy the guest policy bits
     * @param handle the SEV firmware handle, or null
     * @param dhCert the guest owner's Diffie-Hellman certificate (base64), or null
     * @param session the launch session blob (base64), or null
     */
    record Sev(Boolean kernelHashes, Long cbitpos, Long reducedPhysBits, long policy, Long handle, String dhCert,
               String session) implements LaunchSecurityDef {
        /** Validates the values. */
        public Sev {
            if (policy < 0 || policy > 0xffffffffL) {
                throw new ConfException(Kind.INVALID_VALUE, "The SEV policy must fit in 32 bits.");
            }
            Checks.noControl(dhCert, "The SEV dhCert");
            Checks.noControl(session, "The SEV session");
        }
    }
}
