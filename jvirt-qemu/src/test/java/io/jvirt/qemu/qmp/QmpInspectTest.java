package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The statistics answers of QEMU 7.2, as recorded from a running guest, decoded into records. */
class QmpInspectTest {
    private static JsonNode json(String s) throws Exception {
        return QmpMessages.MAPPER.readTree(s);
    }

    @Test
    void blockstatsTakeTheHighestWrittenOffsetOfTheImageFile() throws Exception {
        List<BlockIoStats> s = QmpInspect.blockIoStats(json("""
                [{"device":"","node-name":"vda-fmt","qdev":"/machine/peripheral/virtio-disk0/virtio-backend",
                  "stats":{"rd_bytes":4608,"wr_bytes":512,"rd_operations":2,"wr_operations":1,"flush_operations":3,
                           "rd_total_time_ns":107179,"wr_total_time_ns":50,"flush_total_time_ns":7,
                           "wr_highest_offset":0},
                  "parent":{"node-name":"vda-file","stats":{"wr_highest_offset":196608}}},
                 {"device":"","qdev":"ide0-1-0","stats":{"rd_bytes":0,"wr_bytes":0,"rd_operations":0,
                  "wr_operations":0,"flush_operations":0,"rd_total_time_ns":0,"wr_total_time_ns":0,
                  "flush_total_time_ns":0}}]"""));
        assertThat(s).containsExactly(
                new BlockIoStats("vda-fmt", "/machine/peripheral/virtio-disk0/virtio-backend", 4608, 512, 2, 1, 3,
                        107179, 50, 7, 196608L),
                new BlockIoStats(null, "ide0-1-0", 0, 0, 0, 0, 0, 0, 0, 0, null));
    }

    @Test
    void queryBlockGivesImageSizesAndSkipsEmptyDrives() throws Exception {
        List<BlockImageSize> s = QmpInspect.blockImageSizes(json("""
                [{"device":"","qdev":"/machine/peripheral/virtio-disk0/virtio-backend","locked":false,
                  "removable":false,"type":"unknown","inserted":{"node-name":"vda-fmt","file":"/d/disk.qcow2",
                  "drv":"qcow2","image":{"virtual-size":1073741824,"filename":"/d/disk.qcow2","format":"qcow2",
                  "actual-size":204800}}},
                 {"device":"","qdev":"ide0-1-0","locked":false,"removable":true,"tray_open":false,"type":"unknown"}]"""));
        assertThat(s).containsExactly(new BlockImageSize("vda-fmt", "/machine/peripheral/virtio-disk0/virtio-backend",
                "/d/disk.qcow2", "qcow2", 1073741824L, 204800L));
    }

    @Test
    void guestStatsLeaveOutWhatTheGuestDidNotReport() throws Exception {
        BalloonGuestStats s = QmpInspect.balloonGuestStats(json("""
                {"stats":{"stat-swap-in":0,"stat-minor-faults":786,"stat-free-memory":198688768,
                          "stat-htlb-pgfail":18446744073709551615},"last-update":1796534534}"""));
        assertThat(s.lastUpdate()).isEqualTo(1796534534L);
        assertThat(s.stats()).containsOnlyKeys("stat-swap-in", "stat-minor-faults", "stat-free-memory")
                .containsEntry("stat-free-memory", 198688768L);
    }
}
