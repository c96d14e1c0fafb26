package io.jvirt.daemon.agent;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.agent.AgentQueries;
import io.jvirt.qemu.agent.GuestAgent;
import io.jvirt.qemu.agent.GuestAgentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A step run with the guest's file systems frozen through its agent ({@code snapshot-create-as
 * --quiesce}): freeze, run the step, thaw, on every path. A freeze the agent refused leaves
 * nothing to thaw and the step is not run; a freeze it did not answer in time may still
 * happen in the guest, so it is thawed too (libvirt thaws after an unresponsive agent as well);
 * a step that fails is followed by the thaw before its failure goes on. A thaw that fails is
 * tried once more and then logged: the step's result stands (the snapshot exists), and the
 * guest's file systems stay frozen until {@code domfsthaw}.
 */
public final class Quiesce {
    private static final Logger LOG = Logger.getLogger(Quiesce.class.getName());

    private final Path socket;
    private final String domain;
    private final Duration timeout;

    /**
     * @param socket the host end of the domain's agent channel
     * @param domain the domain's name, for messages
     * @param timeout how long freeze and thaw may take each
     */
    public Quiesce(Path socket, String domain, Duration timeout) {
        this.socket = socket;
        this.domain = domain;
        this.timeout = timeout;
    }

    /**
     * Runs {@code step} between a freeze and a thaw.
     *
     * @throws DaemonException when the freeze fails (the step did not run), or what the step throws
     */
    public <T> T run(Supplier<T> step) {
        freeze();
        T result;
        try {
            result = step.get();
        } catch (RuntimeException | Error e) {
            thaw();
            throw e;
        }
        thaw();
        return result;
    }

    private void freeze() {
        try (GuestAgent agent = GuestAgent.connect(socket)) {
            new AgentQueries(agent, timeout).freeze(List.of());
        } catch (GuestAgentException e) {
            boolean maybeFrozen = e.kind() == GuestAgentException.Kind.NOT_RESPONDING
                    || e.kind() == GuestAgentException.Kind.TIMEOUT
                    || e.kind() == GuestAgentException.Kind.INTERRUPTED;
            if (maybeFrozen) {
                thaw();
            }
            throw AgentService.failure(domain, "freeze the guest's file systems for --quiesce, so the snapshot "
                    + "was not taken", e);
        }
    }

    /** Thaws; true when the agent answered. Tried twice, then logged. */
    boolean thaw() {
        for (int attempt = 1; attempt <= 2; attempt++) {
            try (GuestAgent agent = GuestAgent.connect(socket)) {
                new AgentQueries(agent, timeout).thaw();
                return true;
            } catch (GuestAgentException e) {
                LOG.warning("domain " + domain + ": thawing the guest's file systems failed (attempt " + attempt
                        + " of 2): " + e.getMessage() + (attempt == 2 ? " Run 'jvirt domfsthaw " + domain + "'." : ""));
            }
        }
        return false;
    }

    /** The failure when the domain has no agent channel: libvirt's words. */
    public static DaemonException notConfigured(String domain) {
        return new DaemonException(ErrorCode.UNSUPPORTED, "QEMU guest agent is not configured: domain '" + domain
                + "' has no <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>, "
                + "so --quiesce cannot freeze its file systems; add the channel, or snapshot without --quiesce.");
    }
}
