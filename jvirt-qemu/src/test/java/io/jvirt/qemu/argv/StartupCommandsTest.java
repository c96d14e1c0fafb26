package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DomainXml;
import io.jvirt.qemu.address.AddressAssigner;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StartupCommandsTest {
    private static final String BASE = "<domain type='qemu'><name>s</name>"
            + "<memory unit='MiB'>512</memory>%s<vcpu>1</vcpu><os><type>hvm</type></os><devices>%s</devices></domain>";

    @Test
    void nothingToDoForAPlainDomain() {
        assertThat(StartupCommands.of(DomainXml.parse(BASE.formatted("", "")))).isEmpty();
    }

    @Test
    void vncPasswordAndBalloonTargetAndStatsPeriod() {
        var def = DomainXml.parse(BASE.formatted("<currentMemory unit='MiB'>256</currentMemory>",
                "<graphics type='vnc' port='-1' autoport='yes' passwd='s3cret'/>"
                        + "<memballoon model='virtio'><stats period='10'/></memballoon>"));
        assertThat(StartupCommands.of(def)).containsExactly(
                new StartupCommands.QmpCall("set_password", Map.of("protocol", "vnc", "password", "s3cret")),
                new StartupCommands.QmpCall("balloon", Map.of("value", 256L * 1024 * 1024)),
                new StartupCommands.QmpCall("qom-set", Map.of("path", "/machine/peripheral/balloon0",
                        "property", "guest-stats-polling-interval", "value", 10)));
    }

    @Test
    void noBalloonCommandsWithoutABalloon() {
        var def = DomainXml.parse(BASE.formatted("<currentMemory unit='MiB'>256</currentMemory>",
                "<memballoon model='none'/>"));
        assertThat(StartupCommands.of(def)).isEmpty();
    }
    @Test
    void ioLimitsGoThroughBlockSetIoThrottleAndAnOpenTrayIsOpened() {
        var def = AddressAssigner.assign(DomainXml.parse(BASE.formatted("", """
                <disk type='file' device='disk'>
                  <source file='/a.img'/><target dev='vda' bus='virtio'/>
                  <iotune><total_bytes_sec>1000</total_bytes_sec><read_iops_sec_max>50</read_iops_sec_max>
                    <size_iops_sec>4096</size_iops_sec><group_name>g</group_name>
                    <write_bytes_sec_max_length>5</write_bytes_sec_max_length></iotune>
                </disk>
                <disk type='file' device='cdrom'>
                  <source file='/b.iso'/><target dev='hdc' bus='ide' tray='open'/>
                </disk>""")));
        assertThat(StartupCommands.of(def)).containsExactly(
                new StartupCommands.QmpCall("block_set_io_throttle", Map.ofEntries(Map.entry("id", "virtio-disk0"),
                        Map.entry("bps", 1000L), Map.entry("bps_rd", 0L), Map.entry("bps_wr", 0L),
                        Map.entry("iops", 0L), Map.entry("iops_rd", 0L), Map.entry("iops_wr", 0L),
                        Map.entry("iops_rd_max", 50L), Map.entry("iops_size", 4096L),
                        Map.entry("bps_wr_max_length", 5L), Map.entry("group", "g"))),
                new StartupCommands.QmpCall("blockdev-open-tray", Map.of("id", "ide0-1-0", "force", true)));
    }

    @Test
    void qmpNamesOfTheLimits() {
        assertThat(StartupCommands.qmpName("total_bytes_sec")).isEqualTo("bps");
        assertThat(StartupCommands.qmpName("read_iops_sec")).isEqualTo("iops_rd");
        assertThat(StartupCommands.qmpName("write_bytes_sec_max")).isEqualTo("bps_wr_max");
        assertThat(StartupCommands.qmpName("total_iops_sec_max_length")).isEqualTo("iops_max_length");
        assertThat(StartupCommands.qmpName("size_iops_sec")).isEqualTo("iops_size");
    }

    @Test
    void spicePasswordWithItsConnectedPolicyAndExpiry() {
        var def = DomainXml.parse(BASE.formatted("", "<graphics type='spice' autoport='yes' passwd='pw' "
                + "passwdValidTo='2030-01-02T03:04:05' connected='disconnect'/>"
                + "<graphics type='vnc' passwd='v' passwdValidTo='2029-12-31T23:59:59' connected='keep'/>"));
        assertThat(StartupCommands.of(def)).containsExactly(
                new StartupCommands.QmpCall("set_password", Map.of("protocol", "spice", "password", "pw",
                        "connected", "disconnect")),
                new StartupCommands.QmpCall("expire_password", Map.of("protocol", "spice", "time", "1893553445")),
                new StartupCommands.QmpCall("set_password", Map.of("protocol", "vnc", "password", "v")),
                new StartupCommands.QmpCall("expire_password", Map.of("protocol", "vnc", "time", "1893455999")));
    }

    @Test
    void qemusEnvironmentCarriesSdlsDisplayAndAudioDriver() {
        var def = DomainXml.parse(BASE.formatted("", "<graphics type='sdl' display=':1' xauth='/home/u/.Xauthority'/>"
                + "<audio id='1' type='sdl' driver='pulseaudio'/>"));
        assertThat(QemuArgv.environment(def)).containsExactlyInAnyOrderEntriesOf(Map.of("DISPLAY", ":1",
                "XAUTHORITY", "/home/u/.Xauthority", "SDL_AUDIODRIVER", "pulseaudio"));
        assertThat(QemuArgv.environment(DomainXml.parse(BASE.formatted("", "<graphics type='vnc'/>")))).isEmpty();
    }
}
