package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.conf.xml.XmlEnum;

/**
 * The {@code <model name>}, {@code <target>} and {@code <pcihole64>} of a PCI controller.
 * Each option applies to some models only, as in libvirt: chassisNr to a pci-bridge; chassis
 * and port to a pcie-root-port or pcie-switch-downstream-port; busNr and the NUMA node to the
 * expander buses; hotplug to the ports and to pci-root; pcihole64 to the roots.
 *
 * @param modelName the QEMU device implementing the model ({@code <model name>}), or null
 * @param chassisNr the {@code <target chassisNr>} of a pci-bridge, or null
 * @param chassis the {@code <target chassis>} of a PCIe port, or null
 * @param port the {@code <target port>} of a PCIe port, or null
 * @param busNr the {@code <target busNr>} of an expander bus, or null
 * @param targetIndex the {@code <target index>} of a pSeries host bridge, or null
 * @param hotplug the {@code <target hotplug>} switch, or null
 * @param numaNode the {@code <target><node>} of an expander bus, or null
 * @param pcihole64KiB the {@code <pcihole64>} size of a root, in KiB, or null
 */
public record ControllerPciOptions(ModelName modelName, Integer chassisNr, Integer chassis, Integer port, Integer busNr,
                                   Integer targetIndex, Boolean hotplug, Integer numaNode, Long pcihole64KiB) {

    /** No option at all. */
    public static final ControllerPciOptions NONE =
            new ControllerPciOptions(null, null, null, null, null, null, null, null, null);

    /** Validates the ranges. */
    public ControllerPciOptions {
        Checks.range(chassisNr, 1, 255, "The PCI controller chassisNr");
        Checks.range(chassis, 0, 255, "The PCI controller chassis");
        Checks.range(port, 0, 255, "The PCI controller port");
        Checks.range(busNr, 1, 254, "The PCI controller busNr");
        Checks.range(targetIndex, 0, 31, "The PCI controller target index");
        Checks.range(numaNode, 0, 65535, "The PCI controller NUMA node");
        if (pcihole64KiB != null && pcihole64KiB < 0) {
            throw new ConfException(Kind.INVALID_VALUE, "The pcihole64 size must not be negative.");
        }
    }

    /** Returns whether no option is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Checks each option against the controller model, as libvirt's QEMU driver does. */
    void check(Model model, String what) {
        if (modelName != null && modelName.model() != model) {
            throw new ConfException(Kind.INVALID_VALUE, "The <model name='" + modelName.xml() + "'> of the " + what
                    + " implements a '" + modelName.model().xml() + "' controller, not "
                    + (model == null ? "one without a model" : "a '" + model.xml() + "'") + ".");
        }
        only(chassisNr, "chassisNr", model, what, Model.PCI_BRIDGE);
        only(chassis, "chassis", model, what, Model.PCIE_ROOT_PORT, Model.PCIE_SWITCH_DOWNSTREAM_PORT);
        only(port, "port", model, what, Model.PCIE_ROOT_PORT, Model.PCIE_SWITCH_DOWNSTREAM_PORT);
        only(busNr, "busNr", model, what, Model.PCI_EXPANDER_BUS, Model.PCIE_EXPANDER_BUS);
        only(targetIndex, "index", model, what, Model.PCI_ROOT);
        only(hotplug, "hotplug", model, what, Model.PCIE_ROOT_PORT, Model.PCIE_SWITCH_DOWNSTREAM_PORT,
                Model.PCI_ROOT);
        only(numaNode, "node", model, what, Model.PCI_EXPANDER_BUS, Model.PCIE_EXPANDER_BUS);
        only(pcihole64KiB, "pcihole64", model, what, Model.PCI_ROOT, Model.PCIE_ROOT);
    }

    private static void only(Object value, String option, Model model, String what, Model... models) {
        if (value == null) {
            return;
        }
        for (Model m : models) {
            if (m == model) {
                return;
            }
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < models.length; i++) {
            names.append(i == 0 ? "" : i == models.length - 1 ? " or " : ", ").append(models[i].xml());
        }
        throw new ConfException(Kind.CONFLICT, "The option '" + option + "' applies only to a " + names
                + " controller, not to the " + what + "; remove it.");
    }

    /**
     * Returns a copy with the values of {@code defaults} wherever this one has none.
     *
     * @param defaults the values to fill in
     * @return the merged options
     */
    public ControllerPciOptions orElse(ControllerPciOptions defaults) {
        return new ControllerPciOptions(modelName != null ? modelName : defaults.modelName,
                chassisNr != null ? chassisNr : defaults.chassisNr, chassis != null ? chassis : defaults.chassis,
                port != null ? port : defaults.port, busNr != null ? busNr : defaults.busNr,
                targetIndex != null ? targetIndex : defaults.targetIndex, hotplug != null ? hotplug : defaults.hotplug,
                numaNode != null ? numaNode : defaults.numaNode,
                pcihole64KiB != null ? pcihole64KiB : defaults.pcihole64KiB);
    }

    /** The {@code <model name>} values: the QEMU device that implements each controller model. */
    public enum ModelName implements XmlEnum {
        /** pSeries host bridge (a pci-root). */
        SPAPR_PCI_HOST_BRIDGE("spapr-pci-host-bridge", Model.PCI_ROOT),
        /** pci-bridge. */
        PCI_BRIDGE("pci-bridge", Model.PCI_BRIDGE),
        /** The Intel 82801 DMI-to-PCI bridge. */
        I82801B11_BRIDGE("i82801b11-bridge", Model.DMI_TO_PCI_BRIDGE),
        /** QEMU's PCIe-to-PCI bridge. */
        PCIE_PCI_BRIDGE("pcie-pci-bridge", Model.PCIE_TO_PCI_BRIDGE),
        /** The Intel IOH 3420 root port. */
        IOH3420("ioh3420", Model.PCIE_ROOT_PORT),
        /** QEMU's generic PCIe root port. */
        PCIE_ROOT_PORT("pcie-root-port", Model.PCIE_ROOT_PORT),
        /** The TI X3130 switch upstream port. */
        X3130_UPSTREAM("x3130-upstream", Model.PCIE_SWITCH_UPSTREAM_PORT),
        /** The TI XIO3130 switch downstream port. */
        XIO3130_DOWNSTREAM("xio3130-downstream", Model.PCIE_SWITCH_DOWNSTREAM_PORT),
        /** QEMU's PCI expander bridge. */
        PXB("pxb", Model.PCI_EXPANDER_BUS),
        /** QEMU's PCIe expander bridge. */
        PXB_PCIE("pxb-pcie", Model.PCIE_EXPANDER_BUS);

        private final String xml;
        private final Model model;

        ModelName(String xml, Model model) {
            this.xml = xml;
            this.model = model;
        }

        @Override
        public String xml() {
            return xml;
        }

        /** Returns the controller model this device implements. */
        public Model model() {
            return model;
        }
    }
}
