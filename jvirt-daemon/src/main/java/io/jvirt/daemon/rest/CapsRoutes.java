package io.jvirt.daemon.rest;

import io.jvirt.daemon.host.caps.CapabilitiesService;
import org.eclipse.jetty.util.Fields;

/**
 * The REST routes of the host's and QEMU's capabilities; no logic beyond parsing.
 *
 * <pre>
 * GET /v1/host/capabilities[?format=json]              capabilities (XML, or the same facts as JSON)
 * GET /v1/host/domain-capabilities[?virttype=qemu|kvm&amp;emulatorbin=PATH&amp;arch=A&amp;machine=M&amp;format=json]
 *                                                      domcapabilities
 * </pre>
 */
final class CapsRoutes {
    private final CapabilitiesService caps;

    CapsRoutes(CapabilitiesService caps) {
        this.caps = caps;
    }

    /** Whether {@code /v1/host/NAME} is one of these routes. */
    static boolean serves(String[] seg) {
        return seg.length == 3 && seg[1].equals("host")
                && (seg[2].equals("capabilities") || seg[2].equals("domain-capabilities"));
    }

    Object route(String method, String[] seg, Fields q) {
        if (!method.equals("GET")) {
            throw RestHandler.notFound(method, String.join("/", seg));
        }
        boolean json = "json".equals(q.getValue("format"));
        if (seg[2].equals("capabilities")) {
            return json ? caps.capabilities() : caps.capabilitiesXml();
        }
        String bin = q.getValue("emulatorbin");
        String arch = q.getValue("arch");
        String machine = q.getValue("machine");
        String type = q.getValue("virttype");
        return json ? caps.domainCaps(bin, arch, machine, type) : caps.domainCapsXml(bin, arch, machine, type);
    }
}
