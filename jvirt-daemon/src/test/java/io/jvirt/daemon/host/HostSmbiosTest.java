package io.jvirt.daemon.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.domain.SysinfoDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's SMBIOS strings as the kernel's DMI directory gives them. */
class HostSmbiosTest {

    @TempDir
    Path dmi;

    @Test
    void readsTheStringsThatAreThereAndSkipsTheRest() throws IOException {
        Files.writeString(dmi.resolve("bios_vendor"), "SeaBIOS\n");
        Files.writeString(dmi.resolve("bios_version"), "1.16.2-debian-1.16.2-1\n");
        Files.writeString(dmi.resolve("bios_date"), "04/01/2014\n");
        Files.writeString(dmi.resolve("sys_vendor"), "QEMU\n");
        Files.writeString(dmi.resolve("product_name"), "Standard PC (Q35 + ICH9, 2009)\n");
        Files.writeString(dmi.resolve("product_family"), "\n");
        Files.writeString(dmi.resolve("chassis_vendor"), "QEMU\n");
        SysinfoDef.Smbios s = HostSmbios.read(dmi);
        assertThat(s.bios().entries()).isEqualTo(Map.of("vendor", "SeaBIOS", "version", "1.16.2-debian-1.16.2-1",
                "date", "04/01/2014"));
        assertThat(s.system().entries()).containsExactly(Map.entry("manufacturer", "QEMU"),
                Map.entry("product", "Standard PC (Q35 + ICH9, 2009)"));
        assertThat(s.baseBoards()).isEmpty();
        assertThat(s.chassis().entries()).isEqualTo(Map.of("manufacturer", "QEMU"));
    }

    @Test
    void aBiosDateTheFormatForbidsIsLeftOut() throws IOException {
        Files.writeString(dmi.resolve("bios_vendor"), "X\n");
        Files.writeString(dmi.resolve("bios_date"), "2014-04-01\n");
        assertThat(HostSmbios.read(dmi).bios().entries()).isEqualTo(Map.of("vendor", "X"));
    }

    @Test
    void aHostWithoutDmiHasNone() {
        assertThat(HostSmbios.read(dmi.resolve("missing"))).isNull();
    }
}
