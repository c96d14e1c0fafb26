package io.jvirt.daemon.domain;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.PmDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.agent.GuestAgent;
import io.jvirt.qemu.agent.GuestAgentException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code dompmsuspend}: the guest suspends itself through its agent ({@code guest-suspend-ram},
 * {@code -disk}, {@code -hybrid}), as libvirt's QEMU driver asks it; the state and events then
 * follow QEMU's SUSPEND (or SUSPEND_DISK and the power-off) through {@link GuestNotices}, and
 * {@code dompmwakeup} wakes a guest suspended to RAM. Checked under the job lock
 * ({@link #plan}); the wait for the guest runs without it ({@link #suspend}).
 */
final class GuestSuspend {
    /** How long the guest may take to go to sleep once asked. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * A checked request.
     *
     * @param socket the agent channel's socket
     * @param target where the guest goes
     */
    record Plan(Path socket, GuestAgent.SuspendTarget target) { }

    private final AgentChannels channels;

    GuestSuspend(AgentChannels channels) {
        this.channels = channels;
    }

    /** Checks the request against the domain (job lock held); libvirt's checks and a few more. */
    Plan plan(DomainObj obj, String target, long duration) {
        GuestAgent.SuspendTarget t = switch (target == null ? "" : target) {
            case "mem" -> GuestAgent.SuspendTarget.RAM;
            case "disk" -> GuestAgent.SuspendTarget.DISK;
            case "hybrid" -> GuestAgent.SuspendTarget.HYBRID;
            default -> throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The suspend target must be mem, disk "
                    + "or hybrid, not '" + target + "'.");
        };
        if (duration != 0) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "A suspended guest sleeps until it is woken up "
                    + "(dompmwakeup); a --duration is not supported: leave it out or give 0.");
        }
        if (obj.status().state() != DomainState.RUNNING) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + obj.name() + "' is not running (its state "
                    + "is " + obj.status().state().label() + "), so its guest cannot suspend itself.");
        }
        DomainDef live = obj.liveDef();
        PmDef pm = live.pm();
        boolean ram = t != GuestAgent.SuspendTarget.DISK;
        boolean disk = t != GuestAgent.SuspendTarget.RAM;
        if (pm != null && ram && Boolean.FALSE.equals(pm.suspendToMem())) {
            throw disabled(obj, "suspend to RAM (S3)", "suspend-to-mem");
        }
        if (pm != null && disk && Boolean.FALSE.equals(pm.suspendToDisk())) {
            throw disabled(obj, "suspend to disk (S4)", "suspend-to-disk");
        }
        return new Plan(channels.socket(obj), t);
    }

    private static DaemonException disabled(DomainObj obj, String what, String element) {
        return new DaemonException(ErrorCode.UNSUPPORTED, "Domain '" + obj.name() + "' has " + what + " disabled "
                + "(<pm><" + element + " enabled='no'/></pm>); enable it in its definition and start it again.");
    }

    /** Asks the agent and waits until QEMU reports the guest asleep (without the job lock). */
    void suspend(DomainObj obj, Plan plan) {
        CompletableFuture<Void> asleep = new CompletableFuture<>();
        obj.guestSuspended = asleep;
        try (GuestAgent agent = GuestAgent.connect(plan.socket())) {
            agent.suspend(plan.target(), asleep, TIMEOUT);
        } catch (GuestAgentException e) {
            throw new DaemonException(GuestPower.agentCode(e.kind()), "Domain '" + obj.name() + "' was not "
                    + "suspended: " + e.getMessage(), e);
        } finally {
            obj.guestSuspended = null;
        }
    }
}
