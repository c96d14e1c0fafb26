package io.jvirt.daemon.clone;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.OsDef;
import io.jvirt.daemon.domain.DomainObj;
import io.jvirt.daemon.domain.DomainService;
import io.jvirt.daemon.storage.DiskLocks;
import io.jvirt.daemon.storage.PoolObj;
import io.jvirt.daemon.storage.StorageService;
import io.jvirt.daemon.storage.VolumeService;
import io.jvirt.storage.VolumeInfo;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The {@link CloneWorld} as jvirtd's registries (and this host's file system) see it. */
final class RegistryWorld implements CloneWorld {
    private final DomainService domains;
    private final VolumeService volumes;
    private final StorageService pools;
    private final String original;
    private final SecureRandom random = new SecureRandom();
    private Map<String, Set<String>> macs;

    RegistryWorld(DomainService domains, VolumeService volumes, StorageService pools, String original) {
        this.domains = domains;
        this.volumes = volumes;
        this.pools = pools;
        this.original = original;
    }

    @Override
    public boolean domainExists(String name) {
        return domains.list(true).stream().anyMatch(d -> d.name().equals(name));
    }

    @Override
    public Optional<Volume> volumeAt(String path) {
        return volumes.findByKey(path).map(f -> volume(f.pool(), f.volume()));
    }

    @Override
    public Optional<Volume> volume(String pool, String name) {
        return volumes.find(pool, name).map(v -> volume(pool, v));
    }

    private static Volume volume(String pool, VolumeInfo v) {
        return new Volume(pool, v.name(), v.path().toString(), v.format().xml(), v.capacity());
    }

    @Override
    public Optional<String> poolAt(String dir) {
        Path d = Path.of(dir).normalize();
        for (PoolObj p : pools.list(false)) {
            String path = p.currentDef().target().path();
            if (p.active() != null && path != null && Path.of(path).normalize().equals(d)) {
                return Optional.of(p.name());
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean pathExists(String path) {
        return Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public List<String> domainsUsing(String path) {
        return volumes.holders(Path.of(path)).stream()
                .map(l -> l.holder() instanceof DiskLocks.DomainHolder h ? h.domain() : null)
                .filter(d -> d != null && !d.equals(original)).distinct().toList();
    }

    @Override
    public boolean macInUse(String mac) {
        return macsByDomain().values().stream().anyMatch(m -> m.contains(mac));
    }

    @Override
    public Set<String> macsOf(String domain) {
        return macsByDomain().getOrDefault(domain, Set.of());
    }

    private Map<String, Set<String>> macsByDomain() {
        if (macs == null) {
            Map<String, Set<String>> all = new HashMap<>();
            for (DomainObj d : domains.list(true)) {
                DomainDef def = inactive(d);
                if (def != null) {
                    all.put(d.name(), def.devices().interfaces().stream().map(InterfaceDef::mac)
                            .collect(Collectors.toSet()));
                }
            }
            macs = all;
        }
        return macs;
    }

    @Override
    public Optional<String> nvramOf(String domain) {
        return domains.list(true).stream().filter(d -> d.name().equals(domain)).findFirst().map(RegistryWorld::inactive)
                .map(def -> def.os().nvram()).map(OsDef.Nvram::path);
    }

    /** What dumpxml --inactive shows: the persistent definition, or a transient domain's live one. */
    static DomainDef inactive(DomainObj d) {
        return d.persistentDef() != null ? d.persistentDef() : d.liveDef();
    }

    @Override
    public String newMac() {
        byte[] b = new byte[3];
        random.nextBytes(b);
        return String.format("52:54:00:%02x:%02x:%02x", b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
    }

    @Override
    public UUID newUuid() {
        return UUID.randomUUID();
    }
}
