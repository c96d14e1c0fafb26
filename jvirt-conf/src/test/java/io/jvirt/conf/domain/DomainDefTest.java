package io.jvirt.conf.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.common.Secrets;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The programmatic API: generated identifiers, copy methods and validation outside XML. */
class DomainDefTest {

    private static final String MINIMAL = "<domain type='kvm'><name>vm</name><memory unit='MiB'>512</memory>"
            + "<vcpu current='1'>2</vcpu><os><type>hvm</type></os>"
            + "<devices><interface type='user'/><interface type='user'><mac address='52:54:00:AB:CD:EF'/>"
            + "</interface></devices></domain>";

    @Test
    void generatesVersion4UuidAndLocalMacs() {
        DomainDef def = DomainXml.parse(MINIMAL);
        assertThat(def.uuid().version()).isEqualTo(4);
        assertThat(def.uuid().variant()).isEqualTo(2);
        assertThat(def.devices().interfaces().getFirst().mac()).matches("52:54:00(:[0-9a-f]{2}){3}");
        assertThat(def.devices().interfaces().get(1).mac()).isEqualTo("52:54:00:ab:cd:ef");
        assertThat(DomainXml.parse(MINIMAL).uuid()).isNotEqualTo(def.uuid());
    }

    @Test
    void volumeDiskIsResolvedInACopyThatRoundTrips() {
        DomainDef def = DomainXml.parse("<domain type='kvm'><name>vm</name><memory>1024</memory><vcpu>1</vcpu>"
                + "<os><type>hvm</type></os><devices><disk type='volume' device='disk'>"
                + "<source pool='default' volume='a.qcow2'/><target dev='vda'/></disk></devices></domain>");
        DiskDef disk = def.devices().disks().getFirst();
        assertThat(disk.type()).isEqualTo(DiskSource.Type.VOLUME);
        assertThat(disk.volume()).isEqualTo(new DiskSource.Volume("default", "a.qcow2", null, null));
        assertThat(disk.localPath()).isNull();
        assertThat(disk.format()).isNull();
        DiskDef live = disk.withResolvedVolume("/var/lib/jvirt/images/a.qcow2", DiskFormat.QCOW2);
        assertThat(live.localPath()).isEqualTo("/var/lib/jvirt/images/a.qcow2");
        assertThat(live.format()).isEqualTo(DiskFormat.QCOW2);
        assertThat(live.volume().pool()).isEqualTo("default");
        DomainDef liveDef = def.withDevices(def.devices().withDisks(List.of(live)));
        String xml = DomainXml.format(liveDef, Secrets.INCLUDE);
        assertThat(xml).contains("<source pool='default' volume='a.qcow2' file='/var/lib/jvirt/images/a.qcow2'/>");
        assertThat(DomainXml.parse(xml)).isEqualTo(liveDef);
        assertThatThrownBy(() -> new DiskSource.Volume("default", "a/b", null, null))
                .isInstanceOf(ConfException.class);
    }

    @Test
    void seededRandomIsDeterministic() {
        assertThat(DomainXml.parse(MINIMAL, new Random(3))).isEqualTo(DomainXml.parse(MINIMAL, new Random(3)));
    }

    @Test
    void accessorsAndDefaults() {
        DomainDef def = DomainXml.parse(MINIMAL);
        assertThat(def.type()).isEqualTo(DomainType.KVM);
        assertThat(def.name()).isEqualTo("vm");
        assertThat(def.memoryKiB()).isEqualTo(524288);
        assertThat(def.currentMemoryKiB()).isEqualTo(524288);
        assertThat(def.vcpus()).isEqualTo(2);
        assertThat(def.vcpu().online()).isEqualTo(1);
        assertThat(def.effectiveOnPoweroff()).isEqualTo(LifecycleAction.DESTROY);
        assertThat(def.effectiveOnReboot()).isEqualTo(LifecycleAction.RESTART);
        assertThat(def.effectiveOnCrash()).isEqualTo(LifecycleAction.DESTROY);
        // libvirt boots from the first disk when neither <boot dev> nor a device <boot order> is given
        assertThat(def.os()).isEqualTo(OsDef.DEFAULT.toBuilder().boot(List.of(OsDef.BootDevice.HD)).build());
        assertThat(def.clock()).isEqualTo(ClockDef.DEFAULT);
        assertThat(def.features()).isEqualTo(Features.NONE);
        assertThat(def.devices().disks()).isEmpty();
    }

    @Test
    void copyMethodsValidate() {
        DomainDef def = DomainXml.parse(MINIMAL);
        UUID u = UUID.fromString("12345678-1234-4234-8234-123456789abc");
        DomainDef renamed = def.withName("other").withUuid(u);
        assertThat(renamed.name()).isEqualTo("other");
        assertThat(renamed.uuid()).isEqualTo(u);
        assertThat(renamed.devices()).isEqualTo(def.devices());
        assertThatThrownBy(() -> def.withName("a/b")).isInstanceOfSatisfying(ConfException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE);
            assertThat(e.line()).isEqualTo(-1);
            assertThat(e.getMessage()).isEqualTo("domain name 'a/b' must not contain '/'.");
        });
        assertThatThrownBy(() -> def.withMemoryKiB(1024, 2048)).isInstanceOf(ConfException.class)
                .hasMessage("The current memory (2048 KiB) must be more than 0 and at most the memory (1024 KiB).");
        assertThat(def.withVcpu(VcpuDef.of(4)).vcpus()).isEqualTo(4);
        assertThat(def.withOs(def.os().withMachine("q35")).os().machine()).isEqualTo("q35");
    }

    @Test
    void metadataMustBeWellFormed() {
        DomainDef def = DomainXml.parse(MINIMAL);
        assertThatThrownBy(() -> def.toBuilder().metadata("<a><b></a>").build()).isInstanceOf(ConfException.class)
                .hasMessage("The domain metadata is not well-formed XML.");
    }

    @Test
    void formatEscapesMarkupInValues() {
        String xml = "<domain type='qemu'><name>a&amp;b&lt;c&gt;'\"</name><title>T &amp; 'q'</title>"
                + "<memory>1024</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>";
        DomainDef def = DomainXml.parse(xml);
        assertThat(def.name()).isEqualTo("a&b<c>'\"");
        String out = DomainXml.format(def, Secrets.INCLUDE);
        assertThat(out).contains("<name>a&amp;b&lt;c&gt;&apos;&quot;</name>");
        assertThat(DomainXml.parse(out)).isEqualTo(def);
    }

    @Test
    void diskTargetIndexFollowsLibvirt() {
        assertThat(new DiskTarget("vda", DiskTarget.Bus.VIRTIO).index()).isZero();
        assertThat(new DiskTarget("sdb", DiskTarget.Bus.SCSI).index()).isEqualTo(1);
        assertThat(new DiskTarget("vdz", DiskTarget.Bus.VIRTIO).index()).isEqualTo(25);
        assertThat(new DiskTarget("vdaa", DiskTarget.Bus.VIRTIO).index()).isEqualTo(26);
        assertThat(new DiskTarget("hdc", DiskTarget.Bus.IDE).index()).isEqualTo(2);
        assertThat(new DiskTarget("fdb", DiskTarget.Bus.FDC).index()).isEqualTo(1);
    }

    @Test
    void interfaceNetworkSettings() throws java.io.IOException {
        DomainDef def = DomainXml.parse(java.nio.file.Files.readString(
                DomainRoundTripTest.DIR.resolve("interfaces-extended.xml")));
        InterfaceDef first = def.devices().interfaces().getFirst();
        assertThat(first.backend()).isEqualTo(new NetBackend.Network("default", "engineering"));
        assertThat(first.targetDev()).isEqualTo("vnet7");
        assertThat(first.linkUp()).isFalse();
        assertThat(first.mtu()).isEqualTo(9000);
        assertThat(first.bandwidth().hasFloor()).isTrue();
        assertThat(first.bandwidth().inbound().floor()).isEqualTo(200L);
        assertThat(first.withLink(InterfaceDef.LinkState.UP).linkUp()).isTrue();
        assertThat(first.withTargetDev(null).targetDev()).isNull();
        InterfaceDef second = def.devices().interfaces().get(1);
        assertThat(second.vlan().trunk()).isTrue();
        assertThat(second.vlan().nativeTag().id()).isEqualTo(42);
        assertThat(new NetBackend.Network("default").portgroup()).isNull();
        InterfaceDef basic = new InterfaceDef(new NetBackend.User(), "52:54:00:00:00:01", null, null, null);
        assertThat(basic.linkUp()).isTrue();
        assertThat(basic.vlan()).isNull();
        assertThat(basic.bandwidth()).isNull();
    }
}
