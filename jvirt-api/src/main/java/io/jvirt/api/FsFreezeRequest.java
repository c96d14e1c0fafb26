package io.jvirt.api;

import java.util.List;

/**
 * Which guest file systems to freeze or thaw ({@code domfsfreeze}, {@code domfsthaw}); an
 * empty list means all of them. The answer is a {@link FsCount}.
 *
 * @param mountpoints the mount points in the guest
 */
public record FsFreezeRequest(List<String> mountpoints) {
    public FsFreezeRequest {
        mountpoints = mountpoints == null ? List.of() : List.copyOf(mountpoints);
    }
}
