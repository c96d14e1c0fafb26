package io.jvirt.qemu.address;

import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.conf.domain.ControllerDef.Type;
import io.jvirt.conf.domain.ControllerPciOptions;
import io.jvirt.conf.domain.ControllerPciOptions.ModelName;
import io.jvirt.qemu.address.AddressException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * What libvirt fills into PCI controllers once they have addresses: the QEMU device
 * ({@code <model name>}), a pci-bridge's chassisNr (its index), a port's chassis (its index)
 * and port number (from its slot and function), an expander bus's busNr.
 */
final class ControllerDefaults {

    private ControllerDefaults() {
    }

    static void fill(Working w) {
        List<String> problems = new ArrayList<>();
        for (int p : w.controllers(Type.PCI)) {
            ControllerDef c = (ControllerDef) w.get(p);
            ControllerPciOptions o = c.pci() == null ? ControllerPciOptions.NONE : c.pci();
            Address.Pci a = c.address() instanceof Address.Pci pci ? pci : null;
            ModelName name = switch (c.model()) {
                case PCI_BRIDGE -> ModelName.PCI_BRIDGE;
                case DMI_TO_PCI_BRIDGE -> ModelName.I82801B11_BRIDGE;
                case PCIE_TO_PCI_BRIDGE -> ModelName.PCIE_PCI_BRIDGE;
                case PCIE_ROOT_PORT -> ModelName.PCIE_ROOT_PORT;
                case PCIE_SWITCH_UPSTREAM_PORT -> ModelName.X3130_UPSTREAM;
                case PCIE_SWITCH_DOWNSTREAM_PORT -> ModelName.XIO3130_DOWNSTREAM;
                case PCI_EXPANDER_BUS -> ModelName.PXB;
                case PCIE_EXPANDER_BUS -> ModelName.PXB_PCIE;
                default -> null;
            };
            Integer chassisNr = null;
            Integer chassis = null;
            Integer port = null;
            Integer busNr = null;
            switch (c.model()) {
                case PCI_BRIDGE -> chassisNr = c.index();
                case PCIE_ROOT_PORT -> {
                    chassis = c.index();
                    port = a == null ? null : (a.slot() << 3) + a.function();
                }
                case PCIE_SWITCH_DOWNSTREAM_PORT -> {
                    chassis = c.index();
                    port = a == null ? null : a.slot();
                }
                case PCI_EXPANDER_BUS, PCIE_EXPANDER_BUS -> {
                    if (o.busNr() == null) {
                        busNr = newBusNr(w);
                        if (busNr == null) {
                            problems.add("No busNr below the lowest one in use is free for the " + c.describe()
                                    + "; give it a <target busNr='...'/>.");
                        }
                    }
                }
                case PCI_ROOT -> {
                    if (o.targetIndex() != null) {
                        problems.add("A <target index> belongs to pSeries host bridges; remove it from the "
                                + c.describe() + ".");
                    }
                }
                default -> {
                }
            }
            if (c.model() == Model.PCI_BRIDGE && a != null && c.index() <= a.bus()) {
                problems.add("The " + c.describe() + " sits on bus " + a.bus() + ", but a pci-bridge's index must be "
                        + "larger than the bus it sits on; give it a higher index or another address.");
            }
            ControllerPciOptions filled = o.orElse(new ControllerPciOptions(name, chassisNr, chassis, port, busNr,
                    null, null, null, null));
            if (!filled.equals(o) || c.pci() != null) {
                w.set(p, c.withPci(filled.isEmpty() ? null : filled));
            }
        }
        if (!problems.isEmpty()) {
            throw new AddressException(Kind.CONFLICT, problems);
        }
    }

    /** Libvirt's choice for an expander bus: two below the lowest busNr in use (from 256), if above 2. */
    private static Integer newBusNr(Working w) {
        int lowest = 256;
        for (int p : w.controllers(Type.PCI)) {
            ControllerDef c = (ControllerDef) w.get(p);
            if (c.pci() != null && c.pci().busNr() != null) {
                lowest = Math.min(lowest, c.pci().busNr());
            }
        }
        return lowest <= 2 ? null : lowest - 2;
    }
}
