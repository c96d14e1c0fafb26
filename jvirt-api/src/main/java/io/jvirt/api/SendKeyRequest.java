package io.jvirt.api;

import java.util.List;

/**
 * Keys to press together in a guest ({@code send-key}).
 *
 * @param codeset virsh's code set name (linux, qnum, rfb)
 * @param holdtimeMs how long the keys stay pressed; 0 for QEMU's default
 * @param keys key names or numbers of that code set
 */
public record SendKeyRequest(String codeset, int holdtimeMs, List<String> keys) {
    public SendKeyRequest {
        keys = List.copyOf(keys);
    }
}
