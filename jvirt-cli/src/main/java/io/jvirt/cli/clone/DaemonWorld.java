package io.jvirt.cli.clone;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ImageHolder;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StorageVolumeInfo;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.OsDef;
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

/** The {@link CloneWorld} as jvirtd (and this host's file system) sees it. */
final class DaemonWorld implements CloneWorld {
    private final JvirtClient client;
    private final String original;
    private final SecureRandom random = new SecureRandom();
    private Set<String> domains;
    private List<StoragePoolInfo> pools;
    private Map<String, Set<String>> macs;

    DaemonWorld(JvirtClient client, String original) {
        this.client = client;
        this.original = original;
    }

    @Override
    public boolean domainExists(String name) {
        if (domains == null) {
            domains = client.listDomains(true).stream().map(DomainInfo::name).collect(Collectors.toSet());
        }
        return domains.contains(name);
    }

    @Override
    public Optional<Volume> volumeAt(String path) {
        try {
            return Optional.of(volume(client.volumeByKey(path)));
        } catch (JvirtClientException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Volume> volume(String pool, String name) {
        try {
            return Optional.of(volume(client.volume(pool, name)));
        } catch (JvirtClientException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Volume volume(StorageVolumeInfo v) {
        return new Volume(v.pool(), v.name(), v.path(), v.format(), v.capacity());
    }

    @Override
    public Optional<String> poolAt(String dir) {
        if (pools == null) {
            pools = client.listPools(false);
        }
        Path d = Path.of(dir).normalize();
        return pools.stream().filter(p -> p.active() && p.path() != null && Path.of(p.path()).normalize().equals(d))
                .map(StoragePoolInfo::name).findFirst();
    }

    @Override
    public boolean pathExists(String path) {
        return Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public List<String> domainsUsing(String path) {
        return client.imageHolders(Path.of(path)).stream().map(ImageHolder::domain)
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
            for (DomainInfo d : client.listDomains(true)) {
                try {
                    all.put(d.name(), DomainXml.parse(client.xml(d.name(), true)).devices().interfaces().stream()
                            .map(InterfaceDef::mac).collect(Collectors.toSet()));
                } catch (RuntimeException gone) {
                    // undefined meanwhile, or a definition this client cannot read: no MAC to compare
                }
            }
            macs = all;
        }
        return macs;
    }

    @Override
    public Optional<String> nvramOf(String domain) {
        try {
            OsDef.Nvram nvram = DomainXml.parse(client.xml(domain, true)).os().nvram();
            return Optional.ofNullable(nvram == null ? null : nvram.path());
        } catch (JvirtClientException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
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
