package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;

/**
 * The {@code <driver>} of a virtio network card: its back end, queues, and the offloads of its host
 * and guest sides. Every value is null when not given.
 *
 * @param name whether QEMU or the kernel's vhost-net moves the packets
 * @param txmode how transmits are scheduled
 * @param ioeventfd whether notifications go through an eventfd
 * @param eventIdx whether the event index feature is used
 * @param queues the number of queue pairs (multiqueue)
 * @param rxQueueSize the receive queue size, a power of two
 * @param txQueueSize the transmit queue size, a power of two
 * @param rss whether receive-side scaling is on
 * @param rssHashReport whether the hash is reported to the guest
 * @param options the virtio transport options
 * @param host the host side's offloads
 * @param guest the guest side's offloads
 */
public record NetDriver(Name name, TxMode txmode, Boolean ioeventfd, Boolean eventIdx, Integer queues,
                        Integer rxQueueSize, Integer txQueueSize, Boolean rss, Boolean rssHashReport,
                        VirtioOptions options, HostOffloads host, GuestOffloads guest) {

    /** Validates the sizes, as libvirt's QEMU driver does. */
    public NetDriver {
        options = options == null ? VirtioOptions.NONE : options;
        Checks.range(queues, 1, 256, "The interface driver queue count");
        powerOfTwo(rxQueueSize, "rx_queue_size");
        powerOfTwo(txQueueSize, "tx_queue_size");
        if (host != null && host.isEmpty()) {
            host = null;
        }
        if (guest != null && guest.isEmpty()) {
            guest = null;
        }
    }

    private static void powerOfTwo(Integer size, String what) {
        if (size != null && (size < 1 || Integer.bitCount(size) != 1)) {
            throw new ConfException(Kind.INVALID_VALUE, "The interface driver " + what + " has to be a power of two, "
                    + "not " + size + ".");
        }
    }

    /** Returns whether nothing is set. */
    public boolean isEmpty() {
        return name == null && txmode == null && ioeventfd == null && eventIdx == null && queues == null
                && rxQueueSize == null && txQueueSize == null && rss == null && rssHashReport == null
                && options.isEmpty() && host == null && guest == null;
    }

    /**
     * The {@code <host>} offloads.
     *
     * @param csum checksum offload
     * @param gso generic segmentation offload
     * @param tso4 TCP segmentation offload for IPv4
     * @param tso6 TCP segmentation offload for IPv6
     * @param ecn explicit congestion notification with TSO
     * @param ufo UDP fragmentation offload
     * @param mrgRxbuf mergeable receive buffers
     */
    public record HostOffloads(Boolean csum, Boolean gso, Boolean tso4, Boolean tso6, Boolean ecn, Boolean ufo,
                               Boolean mrgRxbuf) {
        boolean isEmpty() {
            return csum == null && gso == null && tso4 == null && tso6 == null && ecn == null && ufo == null
                    && mrgRxbuf == null;
        }
    }

    /**
     * The {@code <guest>} offloads.
     *
     * @param csum checksum offload
     * @param tso4 TCP segmentation offload for IPv4
     * @param tso6 TCP segmentation offload for IPv6
     * @param ecn explicit congestion notification with TSO
     * @param ufo UDP fragmentation offload
     */
    public record GuestOffloads(Boolean csum, Boolean tso4, Boolean tso6, Boolean ecn, Boolean ufo) {
        boolean isEmpty() {
            return csum == null && tso4 == null && tso6 == null && ecn == null && ufo == null;
        }
    }

    /** The {@code name} attribute. */
    public enum Name implements XmlEnum {
        /** QEMU's userspace virtio-net. */
        QEMU("qemu"),
        /** The kernel's vhost-net (needs /dev/vhost-net). */
        VHOST("vhost");

        private final String xml;

        Name(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code txmode} attribute. */
    public enum TxMode implements XmlEnum {
        /** A bottom half in QEMU's I/O thread ({@code tx=bh}). */
        IOTHREAD("iothread"),
        /** A timer ({@code tx=timer}). */
        TIMER("timer");

        private final String xml;

        TxMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
