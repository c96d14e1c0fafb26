package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * An {@code <rng>} device: a virtio entropy source and where its entropy comes from.
 *
 * @param model the virtio flavour
 * @param backend the host side
 * @param rateBytes the {@code <rate bytes>} limit, or null
 * @param ratePeriodMs the {@code <rate period>} in milliseconds, or null
 * @param options the virtio options of its {@code <driver>}
 * @param address where it sits, or null
 */
public record RngDef(VirtioModel model, Backend backend, Integer rateBytes, Integer ratePeriodMs,
                     VirtioOptions options, Address address) implements DeviceDef {

    /** The default host entropy source. */
    public static final String URANDOM = "/dev/urandom";

    /** Validates the values. */
    public RngDef {
        model = model == null ? VirtioModel.VIRTIO : model;
        Checks.required(backend, "The rng backend");
        options = options == null ? VirtioOptions.NONE : options;
        Checks.range(rateBytes, 1, Integer.MAX_VALUE, "The rng rate in bytes");
        Checks.range(ratePeriodMs, 1, Integer.MAX_VALUE, "The rng rate period");
        if (ratePeriodMs != null && rateBytes == null) {
            throw new ConfException(Kind.MISSING_VALUE, "An rng <rate> with a period needs a bytes value.");
        }
        if (address != null && !(address instanceof Address.Pci)) {
            throw new ConfException(Kind.INVALID_VALUE, "An rng device accepts only a pci address.");
        }
    }

    /**
     * A plain virtio rng fed from a host file, without virtio options.
     *
     * @param path the host device, such as {@code /dev/urandom}
     * @param rateBytes the rate limit, or null
     * @param ratePeriodMs the rate period, or null
     * @param address the address, or null
     */
    public RngDef(String path, Integer rateBytes, Integer ratePeriodMs, Address address) {
        this(VirtioModel.VIRTIO, new Backend.Random(path), rateBytes, ratePeriodMs, VirtioOptions.NONE, address);
    }

    /** Returns the host file of a random backend, or null for the others. */
    public String backendPath() {
        return backend instanceof Backend.Random r ? r.path() : null;
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public RngDef withAddress(Address newAddress) {
        return new RngDef(model, backend, rateBytes, ratePeriodMs, options, newAddress);
    }

    /** The {@code <backend>}: where the entropy comes from. */
    public sealed interface Backend {

        /** Returns the {@code model} attribute of {@code <backend>}. */
        String xml();

        /**
         * {@code model='random'}: a host file such as /dev/urandom, /dev/random or /dev/hwrng.
         *
         * @param path the file; {@link #URANDOM} when none is given
         */
        record Random(String path) implements Backend {
            /** Validates the path. */
            public Random {
                path = path == null ? URANDOM : path;
                Checks.path(path, "The rng backend path");
            }

            @Override
            public String xml() {
                return "random";
            }
        }

        /**
         * {@code model='egd'}: an Entropy Gathering Daemon reached through a character device.
         *
         * @param source the character device (its {@code type}, {@code <source>} and {@code <protocol>})
         */
        record Egd(CharSource source) implements Backend {
            /** Validates the source. */
            public Egd {
                Checks.required(source, "The egd backend source");
            }

            @Override
            public String xml() {
                return "egd";
            }
        }

        /** {@code model='builtin'}: QEMU's own generator (getrandom). */
        record Builtin() implements Backend {
            @Override
            public String xml() {
                return "builtin";
            }
        }
    }
}
