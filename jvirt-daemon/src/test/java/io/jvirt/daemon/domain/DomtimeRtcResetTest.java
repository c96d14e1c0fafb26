package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.agent.FakeAgent;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code domtime --sync} and {@code --time} through the daemon, on an in-memory QEMU and a
 * scripted agent: once the agent set the clock, QEMU's RTC reinjection is reset, as libvirt's
 * qemuDomainSetTime does; a set the agent refused resets nothing.
 */
class DomtimeRtcResetTest {
    @TempDir
    Path state;
    @TempDir
    Path run;
    FakeQemu.Launcher launcher;
    DomainService domains;
    FakeAgent agent;

    @BeforeEach
    void start() throws Exception {
        launcher = new FakeQemu.Launcher();
        domains = new DomainService(new DefinitionStore(state), new RuntimeStore(state), new EventBus(),
                HostFacts.read(), FakeQemu.TCG, "qemu-system-x86_64", launcher);
        domains.load();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        domains.close();
    }

    private FakeQemu runningWithAgent(String name) throws Exception {
        Path sock = run.resolve(name + "-ga.sock");
        domains.execute(new DomainCommand.Define("<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>"
                + "256</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><channel type='unix'>"
                + "<source mode='bind' path='" + sock + "'/><target type='virtio' name='org.qemu.guest_agent.0'/>"
                + "</channel></devices></domain>"));
        domains.execute(new DomainCommand.Start(name, false));
        agent = new FakeAgent(sock, cmd -> cmd.path("execute").asText().equals("guest-set-time")
                && !cmd.has("arguments") ? FakeAgent.error("GenericError", "hwclock failed to set system time")
                : FakeAgent.ok("{}"));
        return launcher.last();
    }

    @Test
    void settingTheTimeResetsTheRtcReinjectionAfterTheAgentDidIt() throws Exception {
        FakeQemu q = runningWithAgent("clock");
        domains.agent().setTime("clock", 1_700_000_000L, 0, false);
        assertThat(agent.commands).singleElement().asString().contains("guest-set-time");
        assertThat(q.commands).filteredOn(c -> c.equals("rtc-reset-reinjection")).hasSize(1);

        assertThatThrownBy(() -> domains.agent().setTime("clock", null, 0, true)).isInstanceOf(DaemonException.class)
                .hasMessageContaining("hwclock failed");
        assertThat(agent.commands).hasSize(2);
        assertThat(q.commands).as("the agent refused: QEMU is not asked")
                .filteredOn(c -> c.equals("rtc-reset-reinjection")).hasSize(1);
    }
}
