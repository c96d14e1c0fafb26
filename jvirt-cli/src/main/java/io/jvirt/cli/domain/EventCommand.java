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
        super("event", "Follow domain events: lifecycle (default), reboot, rtc-change, watchdog, io-error, "
                + "io-error-reason, tray-change, pm-wakeup, pm-suspend, pm-suspend-disk, balloon-change, "
                + "device-added, device-removed, device-removal-failed, block-job, block-job-2, agent-lifecycle.",
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
        // virsh's order (virshDomainEventCallbacks)
        return List.of("lifecycle", DomainEvent.REBOOT, DomainEvent.RTC_CHANGE, DomainEvent.WATCHDOG,
                DomainEvent.IO_ERROR, DomainEvent.IO_ERROR_REASON, DomainEvent.BLOCK_JOB, DomainEvent.TRAY_CHANGE,
                DomainEvent.PM_WAKEUP, DomainEvent.PM_SUSPEND, DomainEvent.BALLOON_CHANGE, DomainEvent.PM_SUSPEND_DISK,
                DomainEvent.DEVICE_REMOVED, DomainEvent.BLOCK_JOB_2, DomainEvent.AGENT_LIFECYCLE,
                DomainEvent.DEVICE_ADDED, DomainEvent.DEVICE_REMOVAL_FAILED);
    }

    @Override
    protected String kindOf(DomainEvent e) {
        return e.lifecycle() ? "lifecycle" : e.event();
    }

    @Override
    protected String line(DomainEvent e) {
        String d = e.domain();
        switch (e.event()) {
            case DomainEvent.REBOOT, DomainEvent.PM_SUSPEND, DomainEvent.PM_SUSPEND_DISK, DomainEvent.PM_WAKEUP -> {
                return "event '" + e.event() + "' for domain '" + d + "'";
            }
            case DomainEvent.TRAY_CHANGE -> {
                return "event 'tray-change' for domain '" + d + "' disk " + e.detail();
            }
            default -> { }
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
            // device-added, device-removed, device-removal-failed (the device's alias), rtc-change
            // (the offset), watchdog (the action), io-error, io-error-reason, block-job: virsh's text
            return "event '" + e.event() + "' for domain '" + e.domain() + "': " + e.detail();
        }
        return "event 'lifecycle' for domain '" + e.domain() + "': " + lifecycleWord(e.event()) + " "
                + lifecycleWord(e.detail());
    }

    /** virsh's word for a lifecycle event or detail where it is not just capitalized. */
    private static String lifecycleWord(String w) {
        return switch (w == null ? "" : w) {
            case "pmsuspended" -> "PMSuspended";
            case "ioerror" -> "I/O Error";
            default -> word(w);
        };
    }
}
