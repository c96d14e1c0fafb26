package io.jvirt.conf.domain;

import io.jvirt.conf.domain.ControllerDef.Model;
import io.jvirt.conf.domain.ControllerDef.Type;
import io.jvirt.conf.domain.ControllerPciOptions.ModelName;
import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;

/** Reads and writes {@code <controller>} elements, children in libvirt's order. */
final class ControllerXml {

    private ControllerXml() {
    }

    static ControllerDef read(XmlCursor c) {
        Type type = c.requireEnumAttr("type", Type.class);
        Integer index = c.intAttr("index", 255);
        String modelAttr = c.attr("model");
        Model model = null;
        if (modelAttr != null) {
            model = Model.of(type, modelAttr);
            if (model == null) {
                throw c.invalid("model", modelAttr, "a controller of type '" + type.xml() + "' takes one of "
                        + Model.allowed(type));
            }
        }
        Integer ports = c.intAttr("ports", 65535);
        Integer vectors = c.intAttr("vectors", 65535);
        // read for every type, so that the record can say that only PCI controllers have them
        ControllerPciOptions pci = pci(c);
        ControllerDriver driver = driver(c.child("driver"));
        Integer startPort = null;
        XmlCursor master = c.child("master");
        if (master != null) {
            master.requireAttr("startport");
            startPort = master.intAttr("startport", 255);
            master.finish();
        }
        String alias = HostdevXml.userAlias(c);
        Address address = AddressParser.address(c.child("address"));
        c.finish();
        if (startPort == null && model != null) {
            // libvirt gives a USB1 companion without <master> the ports it serves on its EHCI
            startPort = switch (model) {
                case ICH9_UHCI1 -> 0;
                case ICH9_UHCI2 -> 2;
                case ICH9_UHCI3 -> 4;
                default -> null;
            };
        }
        Model fm = model;
        Integer fs = startPort;
        return c.build(() -> new ControllerDef(type, index, fm, address, ports, vectors, fs,
                pci == null || pci.isEmpty() ? null : pci, driver, alias));
    }

    private static ControllerPciOptions pci(XmlCursor c) {
        ModelName modelName = null;
        XmlCursor mn = c.child("model");
        if (mn != null) {
            modelName = mn.requireEnumAttr("name", ModelName.class);
            mn.finish();
        }
        Integer chassisNr = null;
        Integer chassis = null;
        Integer port = null;
        Integer busNr = null;
        Integer targetIndex = null;
        Boolean hotplug = null;
        Integer node = null;
        XmlCursor t = c.child("target");
        if (t != null) {
            chassisNr = t.intAttr("chassisNr", 255);
            chassis = t.intAttr("chassis", 255);
            port = t.intAttr("port", 255);
            busNr = t.intAttr("busNr", 255);
            targetIndex = t.intAttr("index", 255);
            hotplug = t.onOffAttr("hotplug");
            XmlCursor n = t.child("node");
            if (n != null) {
                node = (int) n.longText(65535);
                n.finish();
            }
            t.finish();
        }
        Long hole = null;
        XmlCursor h = c.child("pcihole64");
        if (h != null) {
            String unit = h.attr("unit");
            String text = h.requireText();
            h.finish();
            hole = h.build(() -> MemoryUnits.toKiB(text.strip(), unit));
        }
        ModelName fmn = modelName;
        Integer a = chassisNr;
        Integer b = chassis;
        Integer p = port;
        Integer bn = busNr;
        Integer ti = targetIndex;
        Boolean hp = hotplug;
        Integer nn = node;
        Long fh = hole;
        return c.build(() -> new ControllerPciOptions(fmn, a, b, p, bn, ti, hp, nn, fh));
    }

    private static ControllerDriver driver(XmlCursor d) {
        if (d == null) {
            return null;
        }
        Integer queues = d.intAttr("queues", Integer.MAX_VALUE);
        Integer cmdPerLun = d.intAttr("cmd_per_lun", Integer.MAX_VALUE);
        Integer maxSectors = d.intAttr("max_sectors", Integer.MAX_VALUE);
        Boolean ioeventfd = d.onOffAttr("ioeventfd");
        Integer iothread = d.intAttr("iothread", Integer.MAX_VALUE);
        Boolean iommu = d.onOffAttr("iommu");
        Boolean ats = d.onOffAttr("ats");
        Boolean packed = d.onOffAttr("packed");
        Boolean pagePerVq = d.onOffAttr("page_per_vq");
        d.finish();
        return d.build(() -> new ControllerDriver(queues, cmdPerLun, maxSectors, ioeventfd, iothread, iommu, ats,
                packed, pagePerVq));
    }

    static XmlOut format(ControllerDef c) {
        XmlOut x = XmlOut.element("controller").attr("type", c.type()).attr("index", c.index())
                .attr("model", c.model()).attr("ports", c.ports()).attr("vectors", c.vectors());
        ControllerPciOptions p = c.pci();
        if (p != null) {
            if (p.modelName() != null) {
                x.child(XmlOut.element("model").attr("name", p.modelName()));
            }
            XmlOut t = XmlOut.element("target").attr("chassisNr", p.chassisNr()).attr("chassis", p.chassis())
                    .attr("port", p.port() == null ? null : String.format("0x%x", p.port()))
                    .attr("busNr", p.busNr()).attr("index", p.targetIndex()).onOff("hotplug", p.hotplug())
                    .textChild("node", p.numaNode());
            if (!t.isEmpty()) {
                x.child(t);
            }
        }
        ControllerDriver d = c.driver();
        if (d != null) {
            x.child(XmlOut.element("driver").attr("queues", d.queues()).attr("cmd_per_lun", d.cmdPerLun())
                    .attr("max_sectors", d.maxSectors()).onOff("ioeventfd", d.ioeventfd())
                    .attr("iothread", d.iothread()).onOff("iommu", d.iommu()).onOff("ats", d.ats())
                    .onOff("packed", d.packed()).onOff("page_per_vq", d.pagePerVq()));
        }
        if (c.alias() != null) {
            x.child(XmlOut.element("alias").attr("name", c.alias()));
        }
        if (c.masterStartPort() != null) {
            x.child(XmlOut.element("master").attr("startport", c.masterStartPort()));
        }
        x.child(AddressParser.format(c.address()));
        if (p != null && p.pcihole64KiB() != null) {
            x.child(XmlOut.element("pcihole64").attr("unit", "KiB").text(Long.toString(p.pcihole64KiB())));
        }
        return x;
    }
}
