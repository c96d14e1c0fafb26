package io.jvirt.conf.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What libvirt's post-parse step fills in across devices of one kind, applied once to the
 * devices a document lists: the character devices' defaults ({@link CharDefaults}), and the
 * video adapters: the one marked primary first, and the first one primary.
 */
final class DeviceDefaults {

    private DeviceDefaults() {
    }

    /**
     * Fills in the defaults.
     *
     * @param devices the devices as parsed
     * @return the completed devices
     */
    static List<DeviceDef> apply(List<DeviceDef> devices) {
        List<DeviceDef> out = new ArrayList<>(CharDefaults.apply(devices));
        List<VideoDef> videos = new ArrayList<>();
        out.removeIf(d -> d instanceof VideoDef v && videos.add(v));
        if (!videos.isEmpty()) {
            VideoDef primary = videos.stream().filter(VideoDef::isPrimary).findFirst().orElse(videos.getFirst());
            videos.remove(primary);
            videos.addFirst(primary.model() == VideoDef.Model.NONE ? primary : primary.withPrimary(true));
            out.addAll(videos);
        }
        return out;
    }
}
