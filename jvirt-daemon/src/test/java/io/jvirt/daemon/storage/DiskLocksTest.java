package io.jvirt.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.daemon.storage.DiskLocks.DomainHolder;
import io.jvirt.daemon.storage.DiskLocks.JobHolder;
import io.jvirt.daemon.storage.DiskLocks.Mode;
import io.jvirt.daemon.storage.DiskLocks.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lock table: which modes share an image, all-or-nothing grants, identity by inode, release. */
class DiskLocksTest {
    @TempDir
    Path tmp;
    Path image;
    DiskLocks locks;

    @BeforeEach
    void setUp() throws Exception {
        image = Files.writeString(tmp.resolve("a.img"), "x");
        locks = new DiskLocks();
    }

    private static DomainHolder dom(String name) {
        return new DomainHolder(name);
    }

    private Request req(Mode mode) {
        return new Request(image, mode, "vda", false);
    }

    @ParameterizedTest(name = "{0} then {1}: granted={2}")
    @CsvSource({
        "WRITE, WRITE, false", "WRITE, SHARED, false", "WRITE, READ, false",
        "SHARED, WRITE, false", "SHARED, SHARED, true", "SHARED, READ, false",
        "READ, WRITE, false", "READ, SHARED, false", "READ, READ, true"})
    void compatibility(Mode first, Mode second, boolean granted) {
        assertThat(locks.tryAcquire(dom("a"), List.of(req(first)))).isNull();
        DiskLocks.Conflict c = locks.tryAcquire(dom("b"), List.of(req(second)));
        assertThat(c == null).isEqualTo(granted);
        if (c != null) {
            assertThat(c.held().holder()).isEqualTo(dom("a"));
            assertThat(c.wanted().mode()).isEqualTo(second);
        }
    }

    @Test
    void aHolderNeverConflictsWithItself() {
        assertThat(locks.tryAcquire(dom("a"), List.of(req(Mode.WRITE)))).isNull();
        assertThat(locks.tryAcquire(dom("a"), List.of(req(Mode.READ), req(Mode.WRITE)))).isNull();
    }

    @Test
    void grantsAllOrNothing() throws Exception {
        Path other = Files.writeString(tmp.resolve("b.img"), "y");
        assertThat(locks.tryAcquire(dom("a"), List.of(req(Mode.WRITE)))).isNull();
        DiskLocks.Conflict c = locks.tryAcquire(dom("b"), List.of(new Request(other, Mode.WRITE, "vda", false),
                req(Mode.READ)));
        assertThat(c).isNotNull();
        // b got nothing, so another domain may still write the other image
        assertThat(locks.tryAcquire(dom("c"), List.of(new Request(other, Mode.WRITE, "vda", false)))).isNull();
    }

    @Test
    void twoPathsToOneFileAreOneImage() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("link.img"), image);
        Path hard = Files.createLink(tmp.resolve("hard.img"), image);
        assertThat(locks.tryAcquire(dom("a"), List.of(req(Mode.WRITE)))).isNull();
        assertThat(locks.tryAcquire(dom("b"), List.of(new Request(link, Mode.READ, "vda", true)))).isNotNull();
        assertThat(locks.tryAcquire(dom("b"), List.of(new Request(hard, Mode.READ, "vda", false)))).isNotNull();
        assertThat(locks.domainsUsing(hard)).containsExactly("a");
    }

    @Test
    void releaseFreesEveryLeaseOfTheHolderOnly() {
        assertThat(locks.tryAcquire(dom("a"), List.of(req(Mode.READ)))).isNull();
        assertThat(locks.tryAcquire(dom("b"), List.of(req(Mode.READ)))).isNull();
        locks.release(dom("a"));
        assertThat(locks.domainsUsing(image)).containsExactly("b");
        locks.release(dom("b"));
        assertThat(locks.leases(image)).isEmpty();
        assertThat(locks.tryAcquire(new JobHolder("vol-wipe", "p", "a.img"), List.of(req(Mode.WRITE)))).isNull();
        DiskLocks.Conflict c = locks.tryAcquire(dom("a"), List.of(req(Mode.READ)));
        assertThat(DiskLocks.describe(c.held().holder())).isEqualTo("a running vol-wipe of volume 'a.img' in pool 'p'");
    }

    @Test
    void adoptRecordsEvenConflictingLeasesAndReportsThem() {
        assertThat(locks.adopt(dom("a"), List.of(req(Mode.WRITE)))).isEmpty();
        List<DiskLocks.Conflict> found = locks.adopt(dom("b"), List.of(req(Mode.WRITE)));
        assertThat(found).hasSize(1);
        assertThat(locks.domainsUsing(image)).containsExactly("a", "b");
        assertThat(locks.leasesUnder(tmp)).hasSize(2);
        assertThat(locks.leasesUnder(tmp.resolve("elsewhere"))).isEmpty();
    }
}
