package io.jvirt.api;

import java.util.List;

/**
 * What the guest agent reports about the guest ({@code guestinfo}), as libvirt's typed
 * parameters in its order: {@code user.count}, {@code os.id}, {@code timezone.name},
 * {@code hostname}, {@code fs.0.mountpoint}, {@code disk.count}, {@code if.0.addr.0.addr}, ...
 *
 * @param params the parameters in order
 */
public record GuestInfo(List<Param> params) {
    public GuestInfo {
        params = List.copyOf(params);
    }

    /**
     * One typed parameter.
     *
     * @param field libvirt's name for it
     * @param value a String, a Long or a Boolean
     */
    public record Param(String field, Object value) {
    }
}
