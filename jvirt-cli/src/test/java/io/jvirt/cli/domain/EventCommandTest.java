package io.jvirt.cli.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.DomainEvent;
import org.junit.jupiter.api.Test;

class EventCommandTest {
    @Test
    void rebootAndLifecycleEventsPrintAsVirshPrintsThem() {
        EventCommand c = new EventCommand();
        DomainEvent reboot = new DomainEvent("web1", "u", DomainEvent.REBOOT, null, 0);
        DomainEvent shutdown = new DomainEvent("web1", "u", "shutdown", "finished after guest request", 0);
        assertThat(c.line(reboot)).isEqualTo("event 'reboot' for domain 'web1'");
        assertThat(c.line(shutdown)).isEqualTo("event 'lifecycle' for domain 'web1': Shutdown Finished after guest request");
        assertThat(c.kindOf(reboot)).isEqualTo("reboot");
        assertThat(c.kindOf(shutdown)).isEqualTo("lifecycle");
        // virsh's event --list, less what jvirtd does not send (graphics, control-error, disk-change, tunable, ...)
        assertThat(c.kinds()).containsExactly("lifecycle", "reboot", "rtc-change", "watchdog", "io-error",
                "io-error-reason", "block-job", "tray-change", "pm-wakeup", "pm-suspend", "balloon-change",
                "pm-suspend-disk", "device-removed", "block-job-2", "agent-lifecycle", "device-added",
                "device-removal-failed");
        DomainEvent added = new DomainEvent("web1", "u", DomainEvent.DEVICE_ADDED, "virtio-disk1", 0);
        DomainEvent balloon = new DomainEvent("web1", "u", DomainEvent.BALLOON_CHANGE, "262144", 0);
        assertThat(c.line(added)).isEqualTo("event 'device-added' for domain 'web1': virtio-disk1");
        assertThat(c.kindOf(added)).isEqualTo("device-added");
        assertThat(c.line(balloon)).isEqualTo("event 'balloon-change' for domain 'web1': 262144KiB");
        DomainEvent job = new DomainEvent("web1", "u", DomainEvent.BLOCK_JOB, "Block Commit for /i/a.qcow2 completed", 0);
        DomainEvent job2 = new DomainEvent("web1", "u", DomainEvent.BLOCK_JOB_2, "Active Block Commit for vda ready", 0);
        assertThat(c.kindOf(job)).isEqualTo("block-job");
        assertThat(c.line(job)).isEqualTo("event 'block-job' for domain 'web1': Block Commit for /i/a.qcow2 completed");
        assertThat(c.line(job2)).isEqualTo("event 'block-job-2' for domain 'web1': Active Block Commit for vda ready");
        DomainEvent agent = new DomainEvent("web1", "u", DomainEvent.AGENT_LIFECYCLE, "connected", 0);
        assertThat(agent.lifecycle()).isFalse();
        assertThat(c.kindOf(agent)).isEqualTo("agent-lifecycle");
        assertThat(c.line(agent)).isEqualTo("event 'agent-lifecycle' for domain 'web1': state: 'connected' "
                + "reason: 'channel event'");
    }

    @Test
    void theGuestsNoticesPrintAsVirshPrintsThem() {
        EventCommand c = new EventCommand();
        assertThat(c.line(new DomainEvent("web1", "u", DomainEvent.TRAY_CHANGE, "ide0-1-0: opened", 0)))
                .isEqualTo("event 'tray-change' for domain 'web1' disk ide0-1-0: opened");
        assertThat(c.line(new DomainEvent("web1", "u", DomainEvent.RTC_CHANGE, "-3600", 0)))
                .isEqualTo("event 'rtc-change' for domain 'web1': -3600");
        assertThat(c.line(new DomainEvent("web1", "u", DomainEvent.WATCHDOG, "reset", 0)))
                .isEqualTo("event 'watchdog' for domain 'web1': reset");
        assertThat(c.line(new DomainEvent("web1", "u", DomainEvent.IO_ERROR_REASON,
                "/i/a.qcow2 (virtio-disk0) pause due to enospc", 0)))
                .isEqualTo("event 'io-error-reason' for domain 'web1': /i/a.qcow2 (virtio-disk0) pause due to enospc");
        DomainEvent suspend = new DomainEvent("web1", "u", DomainEvent.PM_SUSPEND, null, 0);
        assertThat(suspend.lifecycle()).isFalse();
        assertThat(c.kindOf(suspend)).isEqualTo("pm-suspend");
        assertThat(c.line(suspend)).isEqualTo("event 'pm-suspend' for domain 'web1'");
        assertThat(c.line(new DomainEvent("web1", "u", "pmsuspended", "memory", 0)))
                .isEqualTo("event 'lifecycle' for domain 'web1': PMSuspended Memory");
        assertThat(c.line(new DomainEvent("web1", "u", "suspended", "ioerror", 0)))
                .isEqualTo("event 'lifecycle' for domain 'web1': Suspended I/O Error");
        assertThat(c.line(new DomainEvent("web1", "u", "started", "wakeup", 0)))
                .isEqualTo("event 'lifecycle' for domain 'web1': Started Wakeup");
    }
}
