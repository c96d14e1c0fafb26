package io.jvirt.it.virtinst;

import io.jvirt.it.virtinst.PciModels.Bus;
import io.jvirt.it.virtinst.PciModels.Function;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The PCI functions a domain definition with addresses (jvirt's live XML, libvirt's dumpxml)
 * implies, by position: the machine's own functions, then each device element with a PCI
 * {@code <address>}, placed below the controller whose index is its bus number. A position is the
 * chain of slot.function from the root bus, like {@link GuestReport#position}.
 *
 * @param functions the functions by position
 * @param problems devices the definition cannot place (a PCI device without a PCI address, a bus
 *     no controller provides)
 */
record PciLayout(Map<String, Function> functions, List<String> problems) {

    /** Reads the layout of a domain definition. */
    static PciLayout of(Document domain) {
        Element root = domain.getDocumentElement();
        String machine = Dom.child(root, "os").map(os -> Dom.childAttr(os, "type", "machine")).orElse("");
        boolean q35 = machine != null && machine.contains("q35");
        Element devices = Dom.devices(domain);
        Map<Integer, Element> buses = new HashMap<>();
        for (Element c : Dom.children(devices, "controller")) {
            if ("pci".equals(Dom.attr(c, "type"))) {
                buses.put(Integer.parseInt(Dom.attr(c, "index")), c);
            }
        }
        Map<String, Function> functions = new TreeMap<>(PciModels.builtins(q35));
        List<String> problems = new ArrayList<>();
        for (Element e : Dom.children(devices)) {
            Optional<Element> address = Dom.child(e, "address").filter(a -> "pci".equals(Dom.attr(a, "type")));
            if (address.isEmpty()) {
                if (PciModels.of(e, Bus.CONVENTIONAL).isPresent() && !isRootBusBuiltin(e)) {
                    problems.add("<" + describe(e) + "> has no PCI address");
                }
                continue;
            }
            int bus = hex(Dom.attr(address.get(), "bus"));
            String position;
            try {
                position = position(address.get(), buses, 0);
            } catch (IllegalArgumentException noBus) {
                problems.add("<" + describe(e) + "> is on bus " + bus + ", which no PCI controller provides");
                continue;
            }
            Optional<Function> f = PciModels.of(e, busKind(buses.get(bus)));
            if (f.isEmpty()) {
                problems.add("<" + describe(e) + "> has a PCI address, but the test knows no PCI function for it");
                continue;
            }
            functions.put(position, f.get());
        }
        return new PciLayout(functions, problems);
    }

    /** The sata controller 0 of q35 and the ide controller of pc are the machine's own, placed without address. */
    private static boolean isRootBusBuiltin(Element e) {
        String type = Dom.attr(e, "type");
        return "controller".equals(e.getLocalName()) && ("0".equals(Dom.attr(e, "index")) || Dom.attr(e, "index") == null)
                && ("sata".equals(type) || "ide".equals(type));
    }

    private static String position(Element address, Map<Integer, Element> buses, int depth) {
        if (depth > 16) {
            throw new IllegalArgumentException("PCI controllers form a loop");
        }
        int bus = hex(Dom.attr(address, "bus"));
        String here = String.format("%02x.%d", hex(Dom.attr(address, "slot")), hex(Dom.attr(address, "function")));
        if (bus == 0) {
            return here;
        }
        Element controller = buses.get(bus);
        Optional<Element> up = controller == null ? Optional.empty()
                : Dom.child(controller, "address").filter(a -> "pci".equals(Dom.attr(a, "type")));
        if (up.isEmpty()) {
            throw new IllegalArgumentException("no controller for bus " + bus);
        }
        return position(up.get(), buses, depth + 1) + "/" + here;
    }

    private static Bus busKind(Element controller) {
        if (controller == null) {
            return Bus.CONVENTIONAL;
        }
        String model = Dom.attr(controller, "model");
        return "pcie-root-port".equals(model) || "pcie-switch-downstream-port".equals(model)
                ? Bus.EXPRESS_PORT : Bus.CONVENTIONAL;
    }

    private static int hex(String v) {
        if (v == null) {
            return 0;
        }
        return v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
    }

    /** {@code sound model='ich9'}: an element's name and its distinguishing attributes, for messages. */
    static String describe(Element e) {
        StringBuilder s = new StringBuilder(e.getLocalName());
        for (String a : List.of("type", "model", "index", "device", "bus")) {
            String v = Dom.attr(e, a);
            if (v != null) {
                s.append(' ').append(a).append("='").append(v).append('\'');
            }
        }
        Dom.child(e, "model").map(m -> Dom.attr(m, "type") != null ? Dom.attr(m, "type") : Dom.attr(m, "name"))
                .ifPresent(m -> s.append(" (").append(m).append(')'));
        return s.toString();
    }
}
