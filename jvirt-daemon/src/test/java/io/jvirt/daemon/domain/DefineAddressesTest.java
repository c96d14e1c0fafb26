package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.Address;
import io.jvirt.conf.domain.AudioDef;
import io.jvirt.conf.domain.ControllerDef;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.InputDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.host.AccelChooser;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import io.jvirt.qemu.argv.Accel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon gives definitions their controllers and addresses once, when they are defined
 * (and when it loads one stored without them), and keeps them: editing a domain to add a disk
 * moves no other device.
 */
class DefineAddressesTest {

    private static final String Q35 = """
            <domain type='qemu'>
              <name>addr</name>
              <memory unit='MiB'>64</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64' machine='q35'>hvm</type></os>
              <devices>
                <disk type='file' device='disk'><source file='/var/lib/jvirt/images/a.img'/><target dev='vda'/></disk>
                <disk type='file' device='cdrom'><target dev='sda' bus='sata'/></disk>
                <controller type='pci' model='pcie-root'/>
                <controller type='pci' model='pcie-root-port'/>
                <controller type='pci' model='pcie-root-port'/>
                <interface type='user'><mac address='52:54:00:00:0a:01'/><model type='virtio'/></interface>
                <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
                <input type='tablet' bus='usb'/>
              </devices>
            </domain>
            """;

    @TempDir
    Path state;

    private DomainService service() throws IOException {
        AccelChooser tcg = new AccelChooser() {
            @Override
            public Choice choose(io.jvirt.conf.domain.DomainType requested) {
                return new Choice(Accel.TCG, null);
            }

            @Override
            public Choice hostBest() {
                return new Choice(Accel.TCG, null);
            }
        };
        return new DomainService(new DefinitionStore(state), new RuntimeStore(state), new EventBus(),
                HostFacts.read(), tcg, "/usr/bin/qemu-system-x86_64");
    }

    @Test
    void addingADiskToADefinedDomainKeepsEveryOtherAddress() throws IOException {
        try (DomainService domains = service()) {
            domains.execute(new DomainCommand.Define(Q35));
            String before = domains.xml("addr", true, Secrets.INCLUDE);
            DomainDef first = DomainXml.parse(before);
            assertThat(first.devices().all()).allSatisfy(d -> assertThat(placed(d)).as(d.toString()).isTrue());

            // what `jvirt edit` does: the shown XML, changed, defined again
            String edited = before.replace("</devices>", "  <disk type='file' device='disk'>\n"
                    + "      <source file='/var/lib/jvirt/images/b.img'/>\n      <target dev='vdb'/>\n    </disk>\n"
                    + "  </devices>");
            domains.execute(new DomainCommand.Define(edited));
            DomainDef second = DomainXml.parse(domains.xml("addr", true, Secrets.INCLUDE));

            for (DeviceDef d : first.devices().all()) {
                assertThat(second.devices().all()).as("still where it was: " + d).contains(d);
            }
            DiskDef vdb = second.devices().disks().stream().filter(d -> d.target().dev().equals("vdb")).findFirst()
                    .orElseThrow();
            assertThat(vdb.address()).isInstanceOf(Address.Pci.class);
            List<Address> others = first.devices().all().stream().map(DeviceDef::address).toList();
            assertThat(others).doesNotContain(vdb.address());
        }
    }

    @Test
    void aDefinitionStoredWithoutAddressesGetsThemWhenLoadedAndKeepsThem() throws IOException {
        Files.createDirectories(state.resolve("domains"));
        Files.writeString(state.resolve("domains/addr.xml"), Q35.replace("<name>addr</name>",
                "<name>addr</name><uuid>3b1f6c2e-9d8a-4e7b-a6c5-d4e3f2a1b0c9</uuid>"), StandardCharsets.UTF_8);
        String shown;
        try (DomainService domains = service()) {
            domains.load();
            shown = domains.xml("addr", true, Secrets.INCLUDE);
            assertThat(DomainXml.parse(shown).devices().all()).allSatisfy(d -> assertThat(placed(d)).isTrue());
        }
        // stored again: a second daemon start finds them in the file and assigns nothing new
        assertThat(Files.readString(state.resolve("domains/addr.xml"), StandardCharsets.UTF_8)).isEqualTo(shown);
        try (DomainService domains = service()) {
            domains.load();
            assertThat(domains.xml("addr", true, Secrets.INCLUDE)).isEqualTo(shown);
        }
    }

    @Test
    void conflictingAddressesAreRefusedAtDefineWithEveryProblem() throws IOException {
        String clash = Q35.replace("<target dev='vda'/></disk>", "<target dev='vda'/>"
                        + "<address type='pci' domain='0x0000' bus='0x00' slot='0x1f' function='0x0'/></disk>")
                .replace("<model type='virtio'/></interface>", "<model type='virtio'/>"
                        + "<address type='pci' domain='0x0000' bus='0x09' slot='0x03' function='0x0'/></interface>");
        try (DomainService domains = service()) {
            assertThatThrownBy(() -> domains.execute(new DomainCommand.Define(clash)))
                    .isInstanceOfSatisfying(DaemonException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DEFINITION);
                        assertThat(e.getMessage()).startsWith("domain 'addr': The device addresses have 2 problems:")
                                .contains("0000:00:1f.0").contains("0000:09:03.0");
                    });
            assertThat(domains.count()).isZero();
        }
    }

    /** Whether a device has what it needs: an address, unless it is one that has none. */
    private static boolean placed(DeviceDef d) {
        boolean none = d instanceof InputDef i && i.bus() == InputDef.Bus.PS2
                || d instanceof ControllerDef c && c.model() == ControllerDef.Model.PCIE_ROOT
                || d instanceof AudioDef;
        return none == (d.address() == null);
    }
}
