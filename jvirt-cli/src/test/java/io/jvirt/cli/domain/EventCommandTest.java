package io.jvirt.cli.domain;

import io.jvirt.api.DomainEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(c.kinds()).containsExactly("lifecycle", "reboot", "device-added", "device-removed",
                "device-removal-failed", "balloon-change", "block-job", "block-job-2", "agent-lifecycle");
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
}
