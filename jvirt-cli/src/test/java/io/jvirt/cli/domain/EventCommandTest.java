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
        assertThat(c.kinds()).containsExactly("lifecycle", "reboot");
    }
}
