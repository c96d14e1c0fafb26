package io.jvirt.it;

import static io.jvirt.it.StorageIT.guestXml;
import static io.jvirt.it.StorageIT.ok;
import static io.jvirt.it.StorageIT.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.DomainState;
import io.jvirt.client.JvirtClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Safe disk sharing through a real jvirtd with real QEMU: a writable image (and its backing
 * chain, read-only) is locked while a domain uses it; a second writer is refused with a
 * message naming the holder, unless both disks are shareable; volumes in use cannot be
 * deleted or wiped; the locks survive a kill -9 of the daemon and go when QEMU ends, also
 * when it crashes.
 */
class StorageLocksIT extends DaemonTest {

    private Path images;

    private void define(String name, String xml) throws Exception {
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, xml);
        ok(sock, "define", f.toString());
    }

    private String shared(String volume) {
        return """
                <disk type='volume' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source pool='default' volume='%s'/>
                  <target dev='vdb' bus='virtio'/>
                  <shareable/>
                </disk>""".formatted(volume);
    }

    @Test
    void imagesInUseAreLockedAcrossADaemonKillAndReleasedWhenQemuEnds() throws Exception {
        images = daemon.stateDir.resolve("images");
        ok(sock, "vol-create-as", "default", "base.img", "0", "--allocation", "0");
        ok(sock, "vol-upload", "--pool", "default", "base.img", TestGuest.dir().resolve("root.ext4").toString());
        ok(sock, "vol-create-as", "default", "a.qcow2", "0", "--backing-vol", "base.img");
        ok(sock, "vol-create-as", "default", "b.qcow2", "0", "--backing-vol", "base.img");
        ok(sock, "vol-create-as", "default", "data.img", "16M");
        define("va", guestXml("va", "default", "a.qcow2", shared("data.img")));
        define("vb", guestXml("vb", "default", "b.qcow2", shared("data.img")));
        define("va2", guestXml("va2", "default", "a.qcow2", ""));
        define("vbase", guestXml("vbase", "default", "base.img", ""));

        // two guests on overlays of one base, sharing a shareable raw disk
        ok(sock, "start", "va");
        ok(sock, "start", "vb");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "va", "JVIRT-GUEST-READY root=vda");
        }
        assertAllRefused("va");
        assertThat(ok(sock, "vol-info", "--pool", "default", "data.img").out()).contains("Used by:        va, vb\n");

        // the daemon dies; the guests keep running and the locks come back from their live definitions
        long vaPid;
        try (JvirtClient c = daemon.client()) {
            vaPid = c.info("va").pid();
        }
        daemon.kill9();
        daemon = new DaemonProcess(tmp.resolve("state"), sock).start();
        try (JvirtClient c = daemon.client()) {
            assertThat(c.info("va").state()).isEqualTo(DomainState.RUNNING);
            assertThat(c.info("va").pid()).isEqualTo(vaPid);
        }
        assertAllRefused("va");

        // va ends: its overlay is free, the base still serves vb
        ok(sock, "destroy", "va");
        ok(sock, "start", "va2");
        assertThat(refused(sock, "start", "vbase").err()).contains("domain 'va2' uses it as a backing image");
        assertThat(refused(sock, "start", "va").err()).isEqualTo("error: domain 'va' cannot start: its disk vda writes "
                + "to " + images.resolve("a.qcow2") + ", but domain 'va2' writes to it (disk vda); stop domain 'va2' "
                + "first (two domains may write one raw image together only when both mark the disk <shareable/>).\n");

        // QEMU crashes: its locks go with it
        try (JvirtClient c = daemon.client()) {
            ProcessHandle.of(c.info("vb").pid()).orElseThrow().destroyForcibly();
            assertThat(LifecycleIT.waitState(c, "vb", DomainState.SHUTOFF).reason()).isEqualTo("crashed");
        }
        ok(sock, "destroy", "va2");
        assertThat(ok(sock, "vol-info", "--pool", "default", "base.img").out()).doesNotContain("Used by");
        ok(sock, "start", "vbase");
        assertThat(refused(sock, "start", "va").err()).contains("reads the backing image " + images.resolve("base.img")
                + ", but domain 'vbase' writes to it (disk vda)");
        ok(sock, "destroy", "vbase");
        ok(sock, "vol-wipe", "--pool", "default", "data.img");
        ok(sock, "vol-delete", "--pool", "default", "a.qcow2");
    }

    /** What must be refused while va (overlay a.qcow2 of base.img, shareable data.img) and vb run. */
    private void assertAllRefused(String holder) throws Exception {
        assertThat(refused(sock, "start", "va2").err()).isEqualTo("error: domain 'va2' cannot start: its disk vda "
                + "writes to " + images.resolve("a.qcow2") + ", but domain '" + holder + "' writes to it (disk vda); "
                + "stop domain '" + holder + "' first (two domains may write one raw image together only when both "
                + "mark the disk <shareable/>).\n");
        assertThat(refused(sock, "start", "vbase").err()).isEqualTo("error: domain 'vbase' cannot start: its disk vda "
                + "writes to " + images.resolve("base.img") + ", but domain '" + holder + "' uses it as a backing image "
                + "of its disk vda; give each domain its own overlay (jvirt vol-create-as --backing-vol), or stop "
                + "domain '" + holder + "' first.\n");
        assertThat(refused(sock, "vol-delete", "--pool", "default", "a.qcow2").err()).isEqualTo("error: Volume "
                + "'a.qcow2' of pool 'default' is in use by domain '" + holder + "' (its disk vda); stop the domain "
                + "before deleting it.\n");
        assertThat(refused(sock, "vol-wipe", "--pool", "default", "base.img").err()).isEqualTo("error: Volume "
                + "'base.img' of pool 'default' is in use by domain '" + holder + "' as a backing image of its disk "
                + "vda; stop the domain before wiping it.\n");
        assertThat(refused(sock, "vol-upload", "--pool", "default", "data.img",
                TestGuest.dir().resolve("root.ext4").toString()).err()).contains("is in use by domain '" + holder
                + "' (its disk vdb); stop the domain before uploading into it.");
        assertThat(refused(sock, "vol-resize", "--pool", "default", "base.img", "1G").err())
                .contains("stop the domain before resizing it.");
        assertThat(refused(sock, "pool-destroy", "default").err()).startsWith("error: Storage pool 'default' is in use: "
                + "domain '" + holder + "' uses ");
        // nothing was changed by the refusals
        assertThat(ok(sock, "vol-info", "--pool", "default", "base.img", "--bytes").out())
                .contains("Capacity:       33554432\n").contains("Used by:        " + holder + ", vb\n");
    }
}
