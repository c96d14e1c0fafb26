package io.jvirt.daemon.domain;

import io.jvirt.daemon.agent.AgentTimeout;

import java.io.IOException;
import java.util.logging.Logger;

/**
 * {@code guest-agent-timeout}: how long the daemon's guest agent calls of one domain wait for
 * an answer, as libvirt's virDomainAgentSetResponseTimeout keeps it: -2 as long as it takes, -1
 * libvirt's default of 5 s, 0 not at all, N seconds. It may be set whether or not the domain
 * runs (as libvirt, it applies once an agent is there); it lasts while the daemon runs and is in
 * the run record of a running domain, so a daemon restart keeps it. Until it is set, jvirt's
 * own wait applies ({@link io.jvirt.daemon.agent.AgentService#TIMEOUT}). Like libvirt, setting it
 * takes no job: it is one field a running agent call reads when it starts.
 */
public final class AgentTimeouts {
    private static final Logger LOG = Logger.getLogger(AgentTimeouts.class.getName());

    private final DomainRegistry registry;
    private final DomainRunner runner;

    AgentTimeouts(DomainRegistry registry, DomainRunner runner) {
        this.registry = registry;
        this.runner = runner;
    }

    /**
     * Sets the domain's agent timeout.
     *
     * @param ref the domain's name, UUID or id
     * @param seconds libvirt's value (-2, -1, 0 or seconds)
     * @return the timeout now in force
     * @throws io.jvirt.daemon.DaemonException INVALID_ARGUMENT below -2, NOT_FOUND
     */
    public AgentTimeout set(String ref, int seconds) {
        AgentTimeout t = new AgentTimeout(seconds);
        DomainObj obj = registry.lookup(ref);
        obj.agentTimeout = t;
        if (obj.qemu() != null && obj.job.tryLock()) {
            try {
                if (obj.qemu() != null) {
                    runner.saveRecord(obj);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warning("domain " + obj.name() + ": cannot record the guest agent timeout in its run record: "
                        + e.getMessage());
            } finally {
                obj.job.unlock();
            }
        }
        return t;
    }

    /** The domain's agent timeout, or null while jvirt's default applies. */
    public AgentTimeout get(String ref) {
        return registry.lookup(ref).agentTimeout;
    }
}
