package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.client.JvirtClient;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jvirt undefine --remove-all-storage | --storage DISKS [--wipe-storage]} on shut-off
 * domains, as virsh's: the chosen disks' pool volumes go with the definition, an image no pool
 * holds stays with a warning; refused with nothing changed for a running domain, a disk the
 * definition lacks, a volume another domain uses as a disk, and the backing image of a linked
 * clone's overlays.
 */
class UndefineStorageIT extends DaemonTest {
    Path pool;

    @BeforeEach
    void original() throws Exception {
        pool = tmp.resolve("pool");
        Files.createDirectories(pool);
        for (String f : new String[] {"root.img", "data.img"}) {
            try (RandomAccessFile r = new RandomAccessFile(pool.resolve(f).toFile(), "rw")) {
                r.setLength(4L << 20);
            }
        }
        try (JvirtClient c = daemon.client()) {
            c.createPool("<pool type='dir'><name>vms</name><target><path>" + pool + "</path></target></pool>", false,
                    false);
        }
        define("orig", pool.resolve("root.img"), pool.resolve("data.img"));
    }

    void define(String name, Path vda, Path vdb) throws Exception {
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, TestGuest.xml(name, CloneIT.disks(vda, "raw", vdb, "raw"), "root=/dev/vda"));
        Cli.Result r = Cli.run(sock, "define", f.toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    boolean defined(String name) {
        return Cli.run(sock, "dominfo", name).exit() == 0;
    }

    @Test
    void removesTheChosenDisksVolumesOnly() {
        // virsh's named form of the domain argument
        Cli.Result r = Cli.run(sock, "undefine", "--domain", "orig", "--storage", "vdb");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Domain 'orig' has been undefined", "Removed volume 'vdb' (" + pool
                .resolve("data.img") + ")");
        assertThat(pool.resolve("data.img")).doesNotExist();
        assertThat(pool.resolve("root.img")).exists();
        assertThat(Cli.run(sock, "vol-list", "vms").out()).contains("root.img").doesNotContain("data.img");
    }

    @Test
    void removeAllStorageWipesAndRemovesEveryVolume() {
        Cli.Result r = Cli.run(sock, "undefine", "orig", "--remove-all-storage", "--wipe-storage");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Wiped and removed volume 'vda'", "Wiped and removed volume 'vdb'");
        assertThat(pool.resolve("root.img")).doesNotExist();
        assertThat(pool.resolve("data.img")).doesNotExist();
        assertThat(defined("orig")).isFalse();
    }

    @Test
    void anImageNoPoolHoldsStaysWithAWarning() throws Exception {
        Path outside = tmp.resolve("outside.img");
        Files.write(outside, new byte[4096]);
        define("loose", outside, pool.resolve("data.img"));
        Cli.run(sock, "undefine", "orig");
        Cli.Result r = Cli.run(sock, "undefine", "loose", "--remove-all-storage");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: Storage volume 'vda' (" + outside + ") is not held by any jvirt "
                + "storage pool, so it was kept");
        assertThat(outside).exists();
        assertThat(pool.resolve("data.img")).doesNotExist();
    }

    @Test
    void refusalsChangeNothing() throws Exception {
        // a disk the definition lacks, and --wipe-storage alone
        Cli.Result r = Cli.run(sock, "undefine", "orig", "--storage", "vdz,/no/such.img");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("Volume 'vdz' was not found", "Volume '/no/such.img' was not found");
        r = Cli.run(sock, "undefine", "orig", "--wipe-storage");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--wipe-storage needs --storage DISKS or --remove-all-storage");
        // a volume another domain has as a disk
        define("sharer", tmp.resolve("elsewhere.img"), pool.resolve("data.img"));
        r = Cli.run(sock, "undefine", "orig", "--remove-all-storage");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("The volume " + pool.resolve("data.img") + " of disk vdb is also a disk of "
                + "domain 'sharer'");
        Cli.run(sock, "undefine", "sharer");
        // the backing image of a linked clone's overlays
        r = Cli.run(sock, "clone", "--original", "orig", "--auto-clone", "--linked");
        assertThat(r.exit()).as(r.err()).isZero();
        r = Cli.run(sock, "undefine", "orig", "--storage", "vda");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("The volume " + pool.resolve("root.img") + " of disk vda is the backing "
                + "image of volume");
        assertThat(defined("orig")).isTrue();
        assertThat(pool.resolve("root.img")).exists();
        assertThat(pool.resolve("data.img")).exists();
        // the clone itself goes with its overlays, the original's images stay
        r = Cli.run(sock, "undefine", "orig-clone", "--remove-all-storage");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(defined("orig-clone")).isFalse();
        assertThat(pool.resolve("root.img")).exists();
        assertThat(pool.resolve("data.img")).exists();
        try (var files = Files.list(pool)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("root.img", "data.img");
        }
    }

    @Test
    void aRunningDomainKeepsEverything() throws Exception {
        Path root = pool.resolve("boot.img");
        Files.copy(TestGuest.dir().resolve("root.ext4"), root);
        define("runner", root, pool.resolve("data.img"));
        Cli.run(sock, "undefine", "orig");
        Cli.Result r = Cli.run(sock, "start", "runner");
        assertThat(r.exit()).as(r.err()).isZero();
        r = Cli.run(sock, "undefine", "runner", "--remove-all-storage");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("Domain 'runner' is running, and its storage volumes can be removed only when "
                + "it is shut off");
        assertThat(root).exists();
        assertThat(Cli.run(sock, "dumpxml", "--inactive", "runner").exit()).isZero();
    }
}
