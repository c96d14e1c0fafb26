package io.jvirt.api;

/**
 * One network card's traffic as the guest sees it ({@code domifstat}): received is what the
 * host's tap sent to the guest.
 *
 * @param device the host-side device (the tap), as the user named it or as the card has it
 */
public record InterfaceStats(String device, long rxBytes, long rxPackets, long rxErrs, long rxDrop, long txBytes,
                             long txPackets, long txErrs, long txDrop) {
}
