package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;

/**
 * A {@code <parallel>} device: a guest parallel port (QEMU's isa-parallel).
 *
 * @param source the host side
 * @param port the {@code <target port>}, or null until parsing numbers it after the previous ports
 * @param address the ISA address, or null
 */
public record ParallelDef(CharSource source, Integer port, Address address) implements DeviceDef {

    /** Validates the values. */
    public ParallelDef {
        Checks.required(source, "The parallel port source");
        Checks.range(port, 0, 2, "The parallel port number");
        if (address != null && !(address instanceof Address.Isa)) {
            throw new ConfException(Kind.INVALID_VALUE, "A parallel port accepts only an isa address.");
        }
        CharDefaults.plainCharDevice(source, "parallel port");
    }

    /**
     * Returns a copy with another port number.
     *
     * @param newPort the port
     * @return the copy
     */
    public ParallelDef withPort(Integer newPort) {
        return new ParallelDef(source, newPort, address);
    }
}
