package io.jvirt.qemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** QEMU 7.2's event JSON (its QAPI schema's examples) decoded into typed events. */
class MonitorEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.ofEpochSecond(1_700_000_000);

    private static MonitorEvent decode(String name, String data) throws Exception {
        return MonitorEvents.decode(new QmpEvent(name, JSON.readTree(data), T));
    }

    @Test
    void theGuestsNoticesAreTyped() throws Exception {
        assertThat(decode("RTC_CHANGE", "{\"offset\": 78}")).isEqualTo(new MonitorEvent.RtcChange(78, T));
        assertThat(decode("WATCHDOG", "{\"action\": \"reset\"}")).isEqualTo(new MonitorEvent.Watchdog("reset", T));
        assertThat(decode("BLOCK_IO_ERROR", "{\"device\": \"\", \"node-name\": \"vda-fmt\", \"operation\": "
                + "\"write\", \"action\": \"stop\", \"nospace\": true, \"reason\": \"No space left on device\"}"))
                .isEqualTo(new MonitorEvent.IoError("vda-fmt", "write", "stop", true, "No space left on device", T));
        assertThat(decode("BLOCK_IO_ERROR", "{\"device\": \"ide0-hd1\", \"operation\": \"read\", \"action\": "
                + "\"report\", \"reason\": \"Input/output error\"}"))
                .isEqualTo(new MonitorEvent.IoError(null, "read", "report", false, "Input/output error", T));
        assertThat(decode("SUSPEND", "{}"))
                .isEqualTo(new MonitorEvent.PowerManagement(MonitorEvent.PmChange.SUSPEND, T));
        assertThat(decode("SUSPEND_DISK", "{}"))
                .isEqualTo(new MonitorEvent.PowerManagement(MonitorEvent.PmChange.SUSPEND_DISK, T));
        assertThat(decode("WAKEUP", "{}")).isEqualTo(new MonitorEvent.PowerManagement(MonitorEvent.PmChange.WAKEUP, T));
        assertThat(decode("DEVICE_TRAY_MOVED", "{\"device\": \"\", \"id\": \"ide0-1-0\", \"tray-open\": true}"))
                .isEqualTo(new MonitorEvent.TrayMoved("ide0-1-0", true, T));
        assertThat(decode("NIC_RX_FILTER_CHANGED", "{\"name\": \"net0\"}"))
                .isEqualTo(new MonitorEvent.Other("NIC_RX_FILTER_CHANGED", T));
    }
}
