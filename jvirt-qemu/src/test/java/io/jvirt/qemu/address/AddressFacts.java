package io.jvirt.qemu.address;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The controllers and device addresses of a domain document, as comparable lines: one per
 * controller (type, index, model, {@code <model name>}, {@code <target>}, {@code <master>},
 * address) and one per other device with an address. Devices are named by what identifies
 * them in both jvirt's and libvirt's output: a disk by its target, a channel by its name,
 * others by their position among devices of their element.
 */
final class AddressFacts {

    private AddressFacts() {
    }

    static SortedMap<String, String> of(String xml) {
        Element devices;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
            devices = child(root, "devices");
        } catch (Exception e) {
            throw new IllegalArgumentException("not a domain document: " + e, e);
        }
        SortedMap<String, String> out = new TreeMap<>();
        if (devices == null) {
            return out;
        }
        Map<String, Integer> ordinals = new HashMap<>();
        List<Element> all = children(devices);
        // libvirt keeps the primary video first, whatever the document order
        all.sort(java.util.Comparator.comparingInt(e -> e.getTagName().equals("video") && primary(e) ? 0 : 1));
        for (Element e : all) {
            String name = e.getTagName();
            int ordinal = ordinals.merge(name, 1, Integer::sum) - 1;
            Element address = child(e, "address");
            if (name.equals("controller")) {
                String type = e.getAttribute("type");
                String model = e.getAttribute("model");
                String key = "controller " + type + " " + e.getAttribute("index")
                        + (type.equals("usb") && model.startsWith("ich9-") ? " " + model : "");
                List<String> facts = new ArrayList<>();
                facts.add("model=" + (model.isEmpty() ? "-" : model));
                Element modelName = child(e, "model");
                if (modelName != null) {
                    facts.add("name=" + modelName.getAttribute("name"));
                }
                Element target = child(e, "target");
                if (target != null) {
                    for (String a : new String[] {"chassisNr", "chassis", "port", "busNr", "index", "hotplug"}) {
                        if (target.hasAttribute(a)) {
                            String v = target.getAttribute(a);
                            facts.add(a + "=" + (a.equals("hotplug") ? v : number(v)));
                        }
                    }
                }
                Element master = child(e, "master");
                if (master != null) {
                    facts.add("startport=" + master.getAttribute("startport"));
                }
                if (address != null) {
                    facts.add(address(address));
                }
                out.put(key, String.join(" ", facts));
                continue;
            }
            if (address == null) {
                continue;
            }
            String key = switch (name) {
                case "disk" -> "disk " + child(e, "target").getAttribute("dev");
                case "channel" -> "channel " + child(e, "target").getAttribute("name");
                default -> name + " #" + ordinal;
            };
            out.put(key, address(address));
        }
        return out;
    }

    private static boolean primary(Element video) {
        Element model = child(video, "model");
        return model != null && model.getAttribute("primary").equals("yes");
    }

    private static String address(Element a) {
        String type = a.getAttribute("type");
        return switch (type) {
            case "pci" -> {
                if (!a.hasAttribute("slot") && !a.hasAttribute("bus")) {
                    yield "pci (to assign)";
                }
                String s = String.format("pci %04x:%02x:%02x.%x", number(a, "domain"), number(a, "bus"),
                        number(a, "slot"), number(a, "function"));
                yield a.getAttribute("multifunction").equals("on") ? s + " multifunction" : s;
            }
            case "drive" -> "drive " + number(a, "controller") + ":" + number(a, "bus") + ":" + number(a, "target")
                    + ":" + number(a, "unit");
            case "virtio-serial" -> "virtio-serial " + number(a, "controller") + ":" + number(a, "bus") + ":"
                    + number(a, "port");
            case "usb" -> "usb " + number(a, "bus") + " port " + a.getAttribute("port");
            case "isa" -> "isa " + a.getAttribute("iobase") + " " + a.getAttribute("irq");
            default -> type;
        };
    }

    private static int number(Element e, String attribute) {
        return e.hasAttribute(attribute) ? number(e.getAttribute(attribute)) : 0;
    }

    private static int number(String v) {
        return v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
    }

    private static Element child(Element e, String name) {
        for (Element c : children(e)) {
            if (c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    /** Returns the lines where two fact maps differ, as {@code key: jvirt X, libvirt Y}. */
    static List<String> differences(SortedMap<String, String> jvirt, SortedMap<String, String> libvirt) {
        SortedMap<String, String> keys = new TreeMap<>(jvirt);
        keys.putAll(libvirt);
        List<String> out = new ArrayList<>();
        for (String k : keys.keySet()) {
            String j = jvirt.get(k);
            String l = libvirt.get(k);
            if (j == null || !j.equals(l)) {
                out.add(k + ": jvirt " + (j == null ? "(none)" : j) + " | libvirt " + (l == null ? "(none)" : l));
            }
        }
        return out;
    }
}
