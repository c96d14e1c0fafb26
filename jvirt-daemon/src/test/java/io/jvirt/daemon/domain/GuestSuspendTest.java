package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dompmsuspend}'s refusals, each a sentence with nothing asked of the guest (the suspend
 * itself, through a real agent, is AgentIT's).
 */
class GuestSuspendTest {
    @TempDir
    Path state;
    FakeQemu.Launcher launcher;
    DomainService domains;

    @BeforeEach
    void start() throws Exception {
        launcher = new FakeQemu.Launcher();
        domains = new DomainService(new DefinitionStore(state), new RuntimeStore(state), new EventBus(),
                HostFacts.read(), FakeQemu.TCG, "qemu-system-x86_64", launcher);
        domains.load();
    }

    @AfterEach
    void stop() throws Exception {
        domains.close();
    }

    private void started(String name, String extra, String devices) {
        domains.execute(new DomainCommand.Define("<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64"
                + "</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os>" + extra
                + "<devices><serial type='pty'><target port='0'/></serial>" + devices + "</devices></domain>"));
        domains.execute(new DomainCommand.Start(name, false));
    }

    private void refused(String name, String target, long duration, ErrorCode code, String sentence) {
        assertThatThrownBy(() -> domains.execute(new DomainCommand.PmSuspend(name, target, duration)))
                .isInstanceOf(DaemonException.class).hasMessageContaining(sentence)
                .extracting(e -> ((DaemonException) e).code()).isEqualTo(code);
    }

    @Test
    void badRequestsAndDomainsThatCannotSuspendAreRefusedWithASentence() {
        String agent = "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>";
        started("a", "", agent);
        refused("a", "nap", 0, ErrorCode.INVALID_ARGUMENT, "The suspend target must be mem, disk or hybrid, not 'nap'.");
        refused("a", "mem", 30, ErrorCode.INVALID_ARGUMENT, "a --duration is not supported");

        started("noagent", "", "");
        refused("noagent", "mem", 0, ErrorCode.UNSUPPORTED, "QEMU guest agent is not configured: domain 'noagent' "
                + "has no <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>; add "
                + "one to its definition and start it again.");

        started("nos3", "<pm><suspend-to-mem enabled='no'/></pm>", agent);
        refused("nos3", "mem", 0, ErrorCode.UNSUPPORTED, "Domain 'nos3' has suspend to RAM (S3) disabled "
                + "(<pm><suspend-to-mem enabled='no'/></pm>)");
        refused("nos3", "hybrid", 0, ErrorCode.UNSUPPORTED, "suspend to RAM (S3) disabled");

        domains.execute(new DomainCommand.Suspend("a"));
        refused("a", "mem", 0, ErrorCode.INVALID_STATE, "domain 'a' is not running (its state is paused)");
        domains.execute(new DomainCommand.Destroy("a", false));
        refused("a", "mem", 0, ErrorCode.INVALID_STATE, "domain 'a' is not running (its state is shut off)");
    }
}
