package io.jvirt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.client.JvirtClient;
import io.jvirt.image.cloudinit.CloudInitOptions;
import io.jvirt.image.cloudinit.CloudInitSeed;
import io.jvirt.image.cloudinit.SeedPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A NoCloud seed written by jvirt's ISO writer, attached to the test guest as a CD-ROM: the guest
 * (jvirt.cidata=1) finds the device labelled cidata, mounts it with Linux's isofs through Rock
 * Ridge, Joliet and plain ISO 9660 names, and prints what it read, which must be what the seed holds.
 */
class CloudInitSeedIT extends DaemonTest {

    @Test
    void theGuestReadsTheSeedJvirtWrote() throws Exception {
        Path key = tmp.resolve("id.pub");
        Files.writeString(key, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGuest test@jvirt\n");
        Path meta = tmp.resolve("meta");
        Files.writeString(meta, "instance-id: iid-jvirt-1\nlocal-hostname: seeded\n");
        Path net = tmp.resolve("net");
        Files.writeString(net, "version: 2\nethernets:\n  eth0:\n    dhcp4: true\n");
        SeedPlan plan = CloudInitSeed.plan(CloudInitOptions.parse("root-password-generate=on,root-ssh-key=" + key
                + ",meta-data=" + meta + ",network-config=" + net + ",disable=on"));
        Path iso = tmp.resolve("seed.iso");
        plan.writeIso(iso);

        String xml = TestGuest.xml("seeded", """
                <controller type='scsi' model='virtio-scsi'/>
                <disk type='file' device='cdrom'>
                  <driver name='qemu' type='raw'/>
                  <source file='%s'/>
                  <target dev='sda' bus='scsi'/>
                  <readonly/>
                </disk>""".formatted(iso), "jvirt.cidata=1");
        Path f = tmp.resolve("seeded.xml");
        Files.writeString(f, xml);
        assertThat(Cli.run(sock, "define", f.toString()).exit()).isZero();
        Cli.Result start = Cli.run(sock, "start", "seeded");
        assertThat(start.exit()).as(start.err()).isZero();
        String log;
        try (JvirtClient c = daemon.client()) {
            log = waitForConsole(c, "seeded", "JVIRT-CIDATA-END");
        }
        String report = log.substring(log.indexOf("JVIRT-CIDATA-BEGIN"), log.indexOf("JVIRT-CIDATA-END"))
                .replace("\r", "");
        assertThat(report).startsWith("JVIRT-CIDATA-BEGIN dev=/dev/sr0");
        List<String> rock = new ArrayList<>();
        List<String> joliet = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        Map<String, StringBuilder> files = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : report.split("\n")) {
            if (line.startsWith("JVC-LS rock ")) {
                rock.add(line.substring(12));
            } else if (line.startsWith("JVC-LS joliet ")) {
                joliet.add(line.substring(14));
            } else if (line.startsWith("JVC-LS plain ")) {
                plain.add(line.substring(13));
            } else if (line.startsWith("JVC-FILE ")) {
                current = new StringBuilder();
                files.put(line.substring(9), current);
            } else if (line.startsWith("JVC| ") && current != null) {
                current.append(line.substring(5)).append('\n');
            }
        }
        assertThat(report).doesNotContain("JVC-MOUNT-FAILED");
        assertThat(rock).containsExactly("meta-data", "network-config", "user-data");
        assertThat(joliet).containsExactly("meta-data", "network-config", "user-data");
        // Linux shows plain ISO 9660 names in lower case without the version and a trailing dot
        assertThat(plain).containsExactly("meta_data", "network_config", "user_data");
        assertThat(files.get("user-data").toString()).isEqualTo(plan.userData());
        assertThat(files.get("meta-data").toString()).isEqualTo(plan.metaData());
        assertThat(files.get("network-config").toString()).isEqualTo(plan.networkConfig());
        assertThat(plan.userData()).contains("root:" + plan.generatedRootPassword(),
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGuest test@jvirt", "cloud-init.disabled");
    }
}
