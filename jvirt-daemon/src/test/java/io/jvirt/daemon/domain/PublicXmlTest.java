package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import org.junit.jupiter.api.Test;

class PublicXmlTest {

    @Test
    void dumpxmlShowsAVolumeDiskByPoolAndVolumeOnly() {
        DomainDef def = DomainXml.parse("""
                <domain type='qemu'><name>v</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
                <os><type arch='x86_64' machine='pc'>hvm</type></os>
                <devices><disk type='volume' device='disk'><source pool='default' volume='v.qcow2'/>
                <target dev='vda' bus='virtio'/></disk></devices></domain>
                """);
        DiskDef resolved = def.devices().disks().getFirst().withResolvedVolume("/var/lib/jvirt/images/v.qcow2", null);
        DomainDef live = def.withDevices(def.devices().withDisks(java.util.List.of(resolved)));
        assertThat(DomainXml.format(live, Secrets.INCLUDE)).contains("file='/var/lib/jvirt/images/v.qcow2'");
        String shown = DomainXml.format(DomainService.withoutResolvedVolumes(live), Secrets.INCLUDE);
        assertThat(shown).contains("<source pool='default' volume='v.qcow2'/>").doesNotContain("file=");
        assertThat(DomainService.withoutResolvedVolumes(def)).isSameAs(def);
    }
}
