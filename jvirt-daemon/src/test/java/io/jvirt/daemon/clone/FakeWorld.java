package io.jvirt.daemon.clone;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A host described by maps: pools, volumes, files, domains; MACs and UUIDs handed out in order. */
final class FakeWorld implements CloneWorld {
    final Set<String> domains = new HashSet<>();
    final Map<String, Volume> volumes = new HashMap<>();
    final Map<String, String> pools = new HashMap<>();
    final Set<String> files = new HashSet<>();
    final Map<String, List<String>> users = new HashMap<>();
    final Deque<String> macs = new ArrayDeque<>();
    UUID uuid = UUID.fromString("11111111-2222-3333-4444-555555555555");
    final List<String> macsHandedOut = new ArrayList<>();

    FakeWorld pool(String name, String dir) {
        pools.put(dir, name);
        return this;
    }

    FakeWorld volume(String pool, String path, String format, long capacity) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        volumes.put(path, new Volume(pool, name, path, format, capacity));
        files.add(path);
        return this;
    }

    @Override
    public boolean domainExists(String name) {
        return domains.contains(name);
    }

    @Override
    public Optional<Volume> volumeAt(String path) {
        return Optional.ofNullable(volumes.get(path));
    }

    @Override
    public Optional<Volume> volume(String pool, String name) {
        return volumes.values().stream().filter(v -> v.pool().equals(pool) && v.name().equals(name)).findFirst();
    }

    @Override
    public Optional<String> poolAt(String dir) {
        return Optional.ofNullable(pools.get(dir));
    }

    @Override
    public boolean pathExists(String path) {
        return files.contains(path);
    }

    @Override
    public List<String> domainsUsing(String path) {
        return users.getOrDefault(path, List.of());
    }

    final Set<String> macsInUse = new HashSet<>();

    @Override
    public boolean macInUse(String mac) {
        return macsInUse.contains(mac);
    }

    final Map<String, Set<String>> domainMacs = new HashMap<>();
    final Map<String, String> nvrams = new HashMap<>();

    @Override
    public Set<String> macsOf(String domain) {
        return domainMacs.getOrDefault(domain, Set.of());
    }

    @Override
    public Optional<String> nvramOf(String domain) {
        return Optional.ofNullable(nvrams.get(domain));
    }

    @Override
    public String newMac() {
        String m = macs.isEmpty() ? "52:54:00:00:00:" + String.format("%02x", macsHandedOut.size()) : macs.poll();
        macsHandedOut.add(m);
        return m;
    }

    @Override
    public UUID newUuid() {
        return uuid;
    }
}
