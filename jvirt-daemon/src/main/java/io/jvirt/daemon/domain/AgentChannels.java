package io.jvirt.daemon.domain;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.ChannelDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.agent.AgentService;
import io.jvirt.qemu.argv.QemuArgv;
import io.jvirt.qemu.process.QemuProcess;
import io.jvirt.qemu.qmp.QmpException;

import java.nio.file.Path;

/**
 * Finds a running domain's guest agent channel for {@link AgentService}, with libvirt's checks
 * (qemuDomainAgentAvailable): the domain runs, is not paused, and has an
 * {@code org.qemu.guest_agent.0} channel whose socket QEMU listens on. Reads the domain's
 * volatile state only; takes no job lock. Also QEMU's part of {@code domtime}'s setting of the
 * clock ({@code rtc-reset-reinjection}), a single monitor command like {@code send-key}.
 */
final class AgentChannels implements AgentService.Channels, AgentService.RtcReset {
    private final DomainRegistry registry;
    private final DomainRunner runner;

    AgentChannels(DomainRegistry registry, DomainRunner runner) {
        this.registry = registry;
        this.runner = runner;
    }

    @Override
    public AgentService.Channel find(String ref) {
        DomainObj obj = registry.lookup(ref);
        DomainDef live = obj.liveDef();
        if (obj.qemu() == null || live == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Domain '" + obj.name() + "' is not running; start it "
                    + "before talking to its guest agent.");
        }
        if (obj.status().state() == DomainState.PAUSED) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "Domain '" + obj.name() + "' is not running: it is "
                    + "paused, so its guest agent cannot answer; resume it with 'jvirt resume " + obj.name() + "'.");
        }
        return new AgentService.Channel(obj.name(), socket(obj, live), live, obj.agentTimeout);
    }

    @Override
    public void resetReinjection(String domain) {
        DomainObj obj = registry.lookup(domain);
        QemuProcess q = obj.qemu();
        if (q == null) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "The guest agent set the time of domain '" + obj.name()
                    + "', but the domain stopped before QEMU's RTC reinjection was reset.");
        }
        try {
            q.monitor().rtcResetReinjection();
        } catch (QmpException e) {
            throw new DaemonException(ErrorCode.HYPERVISOR_FAILED, "The guest agent set the time of domain '"
                    + obj.name() + "', but QEMU could not reset the RTC reinjection (rtc-reset-reinjection): "
                    + e.getMessage() + ". The guest may replay missed RTC ticks; set its time again.", e);
        }
    }

    /**
     * The host end of the running domain's agent channel, for the daemon's own uses of the agent
     * ({@code dompmsuspend}); UNSUPPORTED when it has none jvirt can use.
     */
    Path socket(DomainObj obj) {
        return socket(obj, obj.liveDef());
    }

    /** The host end of the domain's agent channel; UNSUPPORTED when it has none jvirt can use. */
    private Path socket(DomainObj obj, DomainDef live) {
        ChannelDef channel = live.devices().channels().stream()
                .filter(c -> ChannelDef.GUEST_AGENT.equals(c.name())).findFirst().orElseThrow(() ->
                        new DaemonException(ErrorCode.UNSUPPORTED, "QEMU guest agent is not configured: domain '"
                                + obj.name() + "' has no <channel type='unix'><target type='virtio' name='"
                                + ChannelDef.GUEST_AGENT + "'/></channel>; add one to its definition and start it "
                                + "again."));
        return QemuArgv.channelSocket(channel, runner.runDir(obj)).orElseThrow(() -> new DaemonException(
                ErrorCode.UNSUPPORTED, "The guest agent channel of domain '" + obj.name() + "' is another program's "
                + "socket (" + channel.source().path() + "), so jvirt cannot talk to the agent; give the channel "
                + "<source mode='bind'/> or none."));
    }
}
