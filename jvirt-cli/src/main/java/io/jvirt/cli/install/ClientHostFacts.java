package io.jvirt.cli.install;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.NetworkInfo;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.conf.network.NetworkXml;
import io.jvirt.image.DiskImage;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link HostFacts} from jvirtd's API (domains, networks, pools and their volumes, each list read
 * once) and the file system (image formats probed by jvirt's image engine, ISO volume ids read by
 * {@link IsoImage}).
 */
final class ClientHostFacts implements HostFacts {
    private final JvirtClient client;
    private Set<String> domains;
    private Map<String, NetworkFact> networks;
    private Map<String, PoolFact> pools;

    ClientHostFacts(JvirtClient client) {
        this.client = client;
    }

    @Override
    public boolean domainExists(String name) {
        if (domains == null) {
            domains = client.listDomains(true).stream().map(DomainInfo::name).collect(Collectors.toSet());
        }
        return domains.contains(name);
    }

    @Override
    public NetworkFact network(String name) {
        if (networks == null) {
            networks = new HashMap<>();
            for (NetworkInfo n : client.listNetworks(true)) {
                networks.put(n.name(), new NetworkFact(n.name(), n.active()));
            }
        }
        return networks.get(name);
    }

    @Override
    public PoolFact pool(String name) {
        return poolMap().get(name);
    }

    @Override
    public List<PoolFact> pools() {
        return List.copyOf(poolMap().values());
    }

    private Map<String, PoolFact> poolMap() {
        if (pools == null) {
            pools = new HashMap<>();
            for (StoragePoolInfo p : client.listPools(true)) {
                Set<String> vols = p.active()
                        ? client.listVolumes(p.name()).stream().map(StorageVolumeInfo::name).collect(Collectors.toSet())
                        : Set.of();
                pools.put(p.name(), new PoolFact(p.name(), p.path() == null ? null : Path.of(p.path()), p.available(),
                        p.active(), vols));
            }
        }
        return pools;
    }

    @Override
    public FileFact file(Path path) {
        if (!Files.exists(path)) {
            return FileFact.MISSING;
        }
        if (Files.isDirectory(path)) {
            return new FileFact(true, true, false, null, null, 0, 0);
        }
        boolean block = !Files.isRegularFile(path);
        String format = null;
        long size = 0;
        long virtual = 0;
        try {
            size = Files.size(path);
            ImageFormat f = Images.probe(path);
            format = f.qemuName();
            virtual = size;
            if (f != ImageFormat.RAW) {
                try (DiskImage img = Images.open(path, true)) {
                    virtual = img.virtualSize();
                }
            }
        } catch (RuntimeException | java.io.IOException e) {
            // unreadable: the planner reports what it needs
        }
        String volumeId = "raw".equals(format) ? IsoImage.volumeIdOf(path) : null;
        return new FileFact(true, false, block, format, volumeId, size, virtual);
    }

    @Override
    public boolean networkBootable(String name) {
        try {
            return PxeCheck.bootable(NetworkXml.parse(client.networkXml(name, false)));
        } catch (RuntimeException e) {
            // unreadable here: the start reports a missing network; no warning on a guess
            return true;
        }
    }

    @Override
    public String defaultVirtType() {
        return Files.exists(Path.of("/dev/kvm")) ? "kvm" : "qemu";
    }
}
