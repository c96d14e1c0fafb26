package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainType;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.firmware.HostFirmware;
import io.jvirt.daemon.host.AccelChooser;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import io.jvirt.qemu.argv.Accel;
import io.jvirt.qemu.firmware.MachineAliases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What define and undefine do for firmware and machine types, as libvirt does: undefine refuses a
 * domain whose UEFI variable store exists without --nvram or --keep-nvram and deletes or keeps the
 * store with them; define gives a read-only UEFI loader its default store path and writes the
 * machine type an alias stands for. No QEMU runs.
 */
class DefineUndefineFirmwareTest {

    static final String UEFI = """
            <domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory>
            <os firmware='efi'><type arch='x86_64' machine='q35'>hvm</type></os>
            <features><acpi/></features></domain>
            """;

    @TempDir
    Path state;
    DomainService domains;
    Path nvramDir;

    @BeforeEach
    void setUp() throws Exception {
        AccelChooser tcg = new AccelChooser() {
            @Override
            public Choice choose(DomainType requested) {
                return new Choice(Accel.TCG, null);
            }

            @Override
            public Choice hostBest() {
                return new Choice(Accel.TCG, null);
            }
        };
        domains = new DomainService(new DefinitionStore(state), new RuntimeStore(state), new EventBus(),
                HostFacts.read(), tcg, "/usr/bin/qemu-system-x86_64");
        nvramDir = state.resolve("nvram");
        domains.setMachineAliases(() -> MachineAliases.QEMU_7_2);
        domains.setFirmwarePlumbing(new HostFirmware(List.of(state.resolve("no-descriptors")), nvramDir,
                () -> MachineAliases.QEMU_7_2));
        domains.load();
    }

    @AfterEach
    void tearDown() {
        domains.close();
    }

    private Path storeOf(String name) throws Exception {
        Files.createDirectories(nvramDir);
        return Files.writeString(nvramDir.resolve(name + "_VARS.fd"), "variables");
    }

    @Test
    void aDomainWithAStoreIsUndefinedOnlyWithNvramOrKeepNvram() throws Exception {
        domains.execute(new DomainCommand.Define(UEFI.formatted("win")));
        Path store = storeOf("win");
        assertThatThrownBy(() -> domains.execute(new DomainCommand.Undefine("win", DomainCommand.NvramPolicy.REFUSE, false)))
                .isInstanceOfSatisfying(DaemonException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessage("domain 'win' has a UEFI variable store, " + store + "; undefine it with --nvram to "
                        + "delete the store too, or with --keep-nvram to keep it.");
        assertThat(domains.lookup("win")).isNotNull();

        domains.execute(new DomainCommand.Undefine("win", DomainCommand.NvramPolicy.KEEP, false));
        assertThat(store).hasContent("variables");
        assertThat(domains.list(true)).isEmpty();

        domains.execute(new DomainCommand.Define(UEFI.formatted("win")));
        domains.execute(new DomainCommand.Undefine("win", DomainCommand.NvramPolicy.DELETE, false));
        assertThat(store).doesNotExist();
        assertThat(domains.list(true)).isEmpty();
    }

    @Test
    void aDomainWhoseStoreDoesNotExistYetIsUndefinedWithoutAFlag() {
        domains.execute(new DomainCommand.Define(UEFI.formatted("fresh")));
        domains.execute(new DomainCommand.Undefine("fresh", DomainCommand.NvramPolicy.REFUSE, false));
        assertThat(domains.list(true)).isEmpty();
    }

    @Test
    void defineGivesAReadOnlyUefiLoaderItsStoreInTheStateDirectory() {
        domains.execute(new DomainCommand.Define("""
                <domain type='qemu'><name>manual</name><memory unit='MiB'>64</memory>
                <os><type arch='x86_64' machine='pc'>hvm</type>
                <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader></os>
                <features><acpi/></features></domain>
                """));
        assertThat(domains.xml("manual", true, Secrets.OMIT))
                .contains("<nvram>" + nvramDir.resolve("manual_VARS.fd") + "</nvram>");
    }

    @Test
    void defineWritesTheMachineTypeAnAliasStandsFor() {
        domains.execute(new DomainCommand.Define(UEFI.formatted("q")));
        assertThat(domains.xml("q", true, Secrets.OMIT))
                .contains("<type arch='x86_64' machine='pc-q35-7.2'>hvm</type>");
        domains.execute(new DomainCommand.Define("<domain type='qemu'><name>none</name><memory unit='MiB'>64</memory>"
                + "<os><type>hvm</type></os></domain>"));
        assertThat(domains.xml("none", true, Secrets.OMIT)).contains("<type machine='pc-i440fx-7.2'>hvm</type>");
        domains.execute(new DomainCommand.Define("<domain type='qemu'><name>old</name><memory unit='MiB'>64</memory>"
                + "<os><type machine='pc-i440fx-5.2'>hvm</type></os></domain>"));
        assertThat(domains.xml("old", true, Secrets.OMIT)).contains("machine='pc-i440fx-5.2'");
    }
}
