package io.jvirt.cli.domain;

import io.jvirt.api.DomainEvent;
import io.jvirt.cli.support.EventVerb;
import io.jvirt.client.JvirtClient;

import java.util.List;
import java.util.function.Consumer;

/**
 * {@code jvirt event [--domain D] [--event KIND | --all] [--loop] [--timeout S]}: follows the
 * daemon's domain events and prints them as virsh does ({@code event 'lifecycle' for domain
 * 'web1': Started Booted}, {@code event 'reboot' for domain 'web1'}, {@code event 'device-added'
 * for domain 'web1': virtio-disk1}, {@code event 'balloon-change' for domain 'web1': 262144KiB},
 * {@code event 'block-job' for domain 'web1': Block Commit for /var/lib/a.qcow2 completed}).
 * Lifecycle events only unless asked otherwise; without {@code --loop} it stops after the first event.
 */
public final class EventCommand extends EventVerb<DomainEvent> {
    public EventCommand() {
        super("event", "Follow domain events: lifecycle (default), reboot, device-added, device-removed, "
                + "device-removal-failed, balloon-change, block-job, block-job-2, agent-lifecycle.",
                "--domain", "DOMAIN", "Only this domain's events (name, UUID or id).");
    }

    @Override
    protected String uuidOf(JvirtClient client, String ref) {
        return client.info(ref).uuid();
    }

    @Override
    protected void follow(JvirtClient client, Consumer<DomainEvent> consumer) {
        client.events(consumer);
    }

    @Override
    protected List<String> kinds() {
        return List.of("lifecycle", DomainEvent.REBOOT, DomainEvent.DEVICE_ADDED, DomainEvent.DEVICE_REMOVED,
                DomainEvent.DEVICE_REMOVAL_FAILED, DomainEvent.BALLOON_CHANGE, DomainEvent.BLOCK_JOB,
                DomainEvent.BLOCK_JOB_2, DomainEvent.AGENT_LIFECYCLE);
    }

    @Override
    protected String kindOf(DomainEvent e) {
        return e.lifecycle() ? "lifecycle" : e.event();
    }

    @Override
    protected String line(DomainEvent e) {
        if (e.reboot()) {
            return "event 'reboot' for domain '" + e.domain() + "'";
        }
        if (e.event().equals(DomainEvent.BALLOON_CHANGE)) {
            return "event 'balloon-change' for domain '" + e.domain() + "': " + e.detail() + "KiB";
        }
        if (e.event().equals(DomainEvent.AGENT_LIFECYCLE)) {
            // virsh's words for a change QEMU reported on the channel (VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_CHANNEL)
            return "event 'agent-lifecycle' for domain '" + e.domain() + "': state: '" + e.detail()
                    + "' reason: 'channel event'";
        }
        if (!e.lifecycle()) {
            // device-added, device-removed, device-removal-failed: the device's alias
            return "event '" + e.event() + "' for domain '" + e.domain() + "': " + e.detail();
        }
        return "event 'lifecycle' for domain '" + e.domain() + "': " + word(e.event()) + " " + word(e.detail());
    }
}
