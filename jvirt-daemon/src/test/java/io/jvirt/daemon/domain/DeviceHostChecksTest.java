package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.host.HostView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceHostChecksTest {

    private static DomainDef domain(String devices, String after) {
        return DomainXml.parse("<domain type='kvm'><name>g</name><memory>65536</memory><os><type>hvm</type></os>"
                + "<devices>" + devices + "</devices>" + after + "</domain>");
    }

    @Test
    void vsockNeedsVhostVsockAndRngItsSource(@TempDir Path tmp) throws Exception {
        HostView host = HostView.of(Files.createDirectories(tmp.resolve("sys")), Files.createDirectories(
                tmp.resolve("dev")));
        DomainDef def = domain("<rng model='virtio'><backend model='random'>/dev/hwrng</backend></rng>"
                + "<vsock model='virtio'><cid auto='yes'/></vsock>", "");
        assertThat(DeviceHostChecks.problems(def, host)).containsExactly(
                "Its vsock device needs /dev/vhost-vsock, which this host does not have; load the vhost_vsock module "
                        + "(modprobe vhost_vsock) or use a kernel built with CONFIG_VHOST_VSOCK.",
                "Its rng device reads /dev/hwrng, which this host does not have (no hardware random number generator);"
                        + " use /dev/urandom.");
        Files.createFile(tmp.resolve("dev/vhost-vsock"));
        Files.createFile(tmp.resolve("dev/hwrng"));
        assertThat(DeviceHostChecks.problems(def, host)).isEmpty();
    }

    @Test
    void sevNeedsTheHostsSev(@TempDir Path tmp) throws Exception {
        HostView host = HostView.of(Files.createDirectories(tmp.resolve("sys")), Files.createDirectories(
                tmp.resolve("dev")));
        DomainDef def = domain("", "<launchSecurity type='sev'><policy>0x0001</policy></launchSecurity>");
        assertThat(DeviceHostChecks.problems(def, host)).singleElement().asString()
                .startsWith("It asks for AMD SEV (<launchSecurity type='sev'>), which this host does not offer: "
                        + "kvm_amd is not loaded");
        Path param = Files.createDirectories(tmp.resolve("sys/module/kvm_amd/parameters")).resolve("sev");
        Files.writeString(param, "Y\n");
        Files.createFile(tmp.resolve("dev/sev"));
        assertThat(DeviceHostChecks.problems(def, host)).isEmpty();
    }

    @Test
    void vsockIdsAreHandedOutAndAFixedOneIsNotTakenTwice() {
        VsockCids cids = new VsockCids();
        DomainDef auto = domain("<vsock model='virtio'><cid auto='yes'/></vsock>", "");
        DomainDef fixed = domain("<vsock model='virtio'><cid auto='no' address='4'/></vsock>", "");
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        assertThat(cids.assign(a, "a", auto).devices().vsock().cid()).isEqualTo(3);
        assertThat(cids.assign(b, "b", fixed).devices().vsock().cid()).isEqualTo(4);
        assertThat(cids.assign(c, "c", auto).devices().vsock().cid()).isEqualTo(5);
        assertThatThrownBy(() -> cids.assign(UUID.randomUUID(), "d", fixed))
                .hasMessageContaining("asks for the vsock CID 4, which another running domain holds");
        cids.release(a);
        assertThat(cids.assign(UUID.randomUUID(), "e", auto).devices().vsock().cid()).isEqualTo(3);
    }

    @Test
    void messagesSayWhatIsTaintedAndWhatIsNotApplied() {
        DomainDef def = DomainXml.parse("<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>"
                + "<name>g</name><memory>65536</memory><os><type>hvm</type></os><devices>"
                + "<interface type='user' trustGuestRxFilters='yes'>"
                + "<mac address='52:54:00:00:00:01'/><filterref filter='clean-traffic'/></interface></devices>"
                + "<qemu:commandline><qemu:arg value='-no-hpet'/></qemu:commandline><qemu:capabilities>"
                + "<qemu:add capability='foo'/></qemu:capabilities></domain>");
        assertThat(DomainMessages.of(null, def)).containsExactly(
                "not applied: the network filter 'clean-traffic' of interface 52:54:00:00:00:01 (jvirt has no "
                        + "nwfilter driver)",
                "not applied: trustGuestRxFilters of interface 52:54:00:00:00:01 (jvirt does not copy the guest's "
                        + "receive filter to the host device)",
                "not applied: <qemu:capabilities> (libvirt's own capability switches change nothing in jvirt)");
        assertThat(DomainMessages.of(def, def)).startsWith("tainted: custom configuration parameters specified",
                "tainted: hypervisor feature autodetection override");
    }

    @Test
    void anIdMapIsListedAsKeptButNotApplied() {
        DomainDef def = DomainXml.parse("<domain type='kvm'><name>g</name><memory>65536</memory>"
                + "<os><type>hvm</type></os><idmap><uid start='0' target='1000' count='10'/></idmap></domain>");
        assertThat(DomainMessages.of(null, def))
                .containsExactly("not applied: <idmap> (a QEMU guest has no user namespace to map ids into)");
    }
}
