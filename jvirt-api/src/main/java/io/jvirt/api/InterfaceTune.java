package io.jvirt.api;

/**
 * A network card's bandwidth as {@code domiftune} prints and takes it: rates in kilobytes per
 * second, bursts in kibibytes; 0 is no limit.
 *
 * @param iface the card's host device (or MAC address)
 * @param inbound traffic towards the guest
 * @param outbound traffic from the guest
 */
public record InterfaceTune(String iface, Rate inbound, Rate outbound) {
    /**
     * One direction's limits.
     *
     * @param average the average rate
     * @param peak the peak rate
     * @param burst the burst size
     * @param floor the guaranteed rate (inbound only)
     */
    public record Rate(long average, long peak, long burst, long floor) {
        /** No limits. */
        public static final Rate NONE = new Rate(0, 0, 0, 0);
    }
}
