package io.jvirt.daemon.rest;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.NativeConfigs;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;

/**
 * The native-format routes (virsh's {@code domxml-to-native} and {@code domxml-from-native});
 * no logic beyond parsing.
 *
 * <pre>
 * POST /v1/domxml-to-native?format=qemu-argv[&amp;domain=REF]   body: a domain XML, or empty with domain;
 *                                                              a {@link io.jvirt.api.NativeConfig}
 * POST /v1/domxml-from-native?format=F                       refused (UNSUPPORTED), as libvirt's QEMU driver
 * </pre>
 */
final class NativeRoutes {
    private final NativeConfigs natives;

    NativeRoutes(NativeConfigs natives) {
        this.natives = natives;
    }

    /** Whether the path is one of these routes. */
    static boolean serves(String[] seg) {
        return seg.length == 2 && (seg[1].equals("domxml-to-native") || seg[1].equals("domxml-from-native"));
    }

    Object route(String method, String[] seg, Fields q, NetworkRoutes.Body body) throws IOException {
        if (!method.equals("POST")) {
            throw RestHandler.notFound(method, String.join("/", seg));
        }
        if (seg[1].equals("domxml-from-native")) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "domxml-from-native is not supported: jvirt, like "
                    + "libvirt's QEMU driver since 5.5, does not turn a QEMU command line into a domain XML; write "
                    + "the domain XML, or let 'jvirt install --import' write one for an existing disk.");
        }
        String xml = body.read();
        return natives.toNative(q.getValue("format"), xml == null || xml.isBlank() ? null : xml,
                q.getValue("domain"));
    }
}
