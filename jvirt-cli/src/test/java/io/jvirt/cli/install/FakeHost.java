package io.jvirt.cli.install;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host and daemon of the virt-install golden set, in memory: the files scripts/virtinst-set.sh
 * makes under /tmp/jvirt-virtinst-set (images, ISOs with their volume ids, a Debian tree), the
 * network {@code default}, the pool {@code default} and a pool over the directory of new images.
 */
final class FakeHost implements HostFacts {
    static final String W = "/tmp/jvirt-virtinst-set";
    private static final long GIB = 1L << 30;

    final Set<String> domains = new HashSet<>();
    final Map<String, NetworkFact> networks = new HashMap<>();
    final Map<String, PoolFact> pools = new HashMap<>();
    final Map<Path, FileFact> files = new HashMap<>();
    final Map<Path, LocationTree.Found> trees = new HashMap<>();
    /** Networks that hand out no PXE boot file. */
    final Set<String> unbootable = new HashSet<>();

    FakeHost() {
        networks.put("default", new NetworkFact("default", true));
        pools.put("default", new PoolFact("default", Path.of("/var/lib/libvirt/images"), 1000 * GIB, true,
                Set.of("existing.qcow2")));
        pools.put("new", new PoolFact("new", Path.of(W + "/new"), 1000 * GIB, true, Set.of()));
        for (String i : List.of("debian12", "debian12-b", "ubuntu", "win11", "data", "base")) {
            image(W + "/img/" + i + ".qcow2", "qcow2", GIB);
        }
        image(W + "/img/raw.img", "raw", 64L << 20);
        image(W + "/img/floppy.img", "raw", 1440L << 10);
        image("/var/lib/libvirt/images/existing.qcow2", "qcow2", GIB);
        iso("debian-11.7.0-amd64-netinst.iso", "Debian 11.7.0 amd64 n");
        iso("ubuntu-22.04.3-live-server-amd64.iso", "Ubuntu-Server 22.04.3 LTS amd64");
        iso("Win10_22H2_Enterprise_x64.iso", "CENA_X64FREV_EN-US_DV5");
        iso("Win11_23H2_English_x64.iso", "CCCOMA_X64FRE_EN-US_DV9");
        iso("virtio-win.iso", "virtio-win-0.1.240");
        iso("debian-12.5.0-amd64-netinst.iso", "Debian 12.5.0 amd64 n");
        iso("data.iso", "DATA");
        Path tree = Path.of(W + "/tree/debian/dists/bookworm/main/installer-amd64");
        files.put(tree, new FileFact(true, true, false, null, null, 0, 0));
        trees.put(tree, new LocationTree.Found("Debian/Ubuntu netboot",
                "current/images/netboot/debian-installer/amd64/linux",
                "current/images/netboot/debian-installer/amd64/initrd.gz"));
        trees.put(Path.of(W + "/media/debian-11.7.0-amd64-netinst.iso"),
                new LocationTree.Found("Debian ISO", "install.amd/vmlinuz", "install.amd/initrd.gz"));
        for (String dir : List.of("share", "log")) {
            files.put(Path.of(W + "/" + dir), new FileFact(true, true, false, null, null, 0, 0));
        }
        image(W + "/boot/vmlinuz", "raw", 1000);
        image(W + "/boot/initrd.img", "raw", 1000);
    }

    void image(String path, String format, long virtualSize) {
        files.put(Path.of(path), new FileFact(true, false, false, format, null, virtualSize, virtualSize));
    }

    private void iso(String name, String volumeId) {
        files.put(Path.of(W + "/media/" + name), new FileFact(true, false, false, "raw", volumeId, 1 << 20, 1 << 20));
    }

    @Override
    public boolean domainExists(String name) {
        return domains.contains(name);
    }

    @Override
    public NetworkFact network(String name) {
        return networks.get(name);
    }

    @Override
    public PoolFact pool(String name) {
        return pools.get(name);
    }

    @Override
    public List<PoolFact> pools() {
        return List.copyOf(pools.values());
    }

    @Override
    public FileFact file(Path path) {
        return files.getOrDefault(path, FileFact.MISSING);
    }

    @Override
    public LocationTree.Found installTree(Path location) {
        return trees.get(location);
    }

    @Override
    public boolean networkBootable(String name) {
        return !unbootable.contains(name);
    }

    @Override
    public String defaultVirtType() {
        return "qemu";
    }
}
