package io.jvirt.daemon.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.daemon.host.HostView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NicChecksTest {

    private static List<InterfaceDef> cards(String xml) {
        return DomainXml.parse("<domain type='kvm'><name>g</name><memory>65536</memory><os><type>hvm</type></os>"
                + "<devices>" + xml + "</devices></domain>").devices().interfaces();
    }

    @Test
    void hostSoftwareTheCardsNeedIsNamed(@TempDir Path tmp) throws Exception {
        HostView host = HostView.of(Files.createDirectories(tmp.resolve("sys")), Files.createDirectories(
                tmp.resolve("dev")));
        List<String> problems = NicChecks.problems(cards("""
                <interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='br0'/>
                  <virtualport type='openvswitch'/><model type='virtio'/><driver name='vhost'/></interface>
                <interface type='vdpa'><mac address='52:54:00:00:00:02'/><source dev='/dev/vhost-vdpa-9'/>
                  <model type='virtio'/></interface>
                <interface type='direct'><mac address='52:54:00:00:00:03'/><source dev='eth0' mode='vepa'/>
                  <virtualport type='802.1Qbg'><parameters managerid='11'/></virtualport></interface>"""), host);
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).isEqualTo("The interface 52:54:00:00:00:01 asks for the vhost-net back end, but "
                + "the host has no /dev/vhost-net; load vhost_net (modprobe vhost_net) or use <driver name='qemu'/>.");
        assertThat(problems.get(1)).contains("has a <virtualport> for Open vSwitch");
        assertThat(problems.get(2)).contains("uses the vDPA device /dev/vhost-vdpa-9, which this host does not have");
        assertThat(problems.get(3)).contains("of type 802.1Qbg, which needs lldpad");
    }

    @Test
    void onlyScriptsNoOneButRootCanChangeRun(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("scripts"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = Files.writeString(dir.resolve("up"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        boolean root = System.getProperty("user.name").equals("root");
        assertThat(NicChecks.unsafe(script)).isEqualTo(root ? null : "is owned by " + System.getProperty("user.name"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(NicChecks.unsafe(script)).isNotNull();
        assertThat(NicChecks.unsafe(dir.resolve("missing"))).isEqualTo("does not exist or is not a regular file");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(NicChecks.unsafe(script)).isEqualTo("is not executable");
    }
}
