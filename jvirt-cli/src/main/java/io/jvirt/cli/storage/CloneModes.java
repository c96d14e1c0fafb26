package io.jvirt.cli.storage;

import io.jvirt.api.ErrorCode;
import io.jvirt.client.JvirtClientException;

/** The copy mode of vol-clone and vol-create-from from their flags. */
final class CloneModes {
    private CloneModes() {
    }

    static String of(boolean reflink, boolean overlay) {
        if (reflink && overlay) {
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT,
                    "--reflink and --overlay exclude each other: a reflink copies, an overlay refers to the source.");
        }
        return reflink ? "reflink" : overlay ? "overlay" : "full";
    }
}
