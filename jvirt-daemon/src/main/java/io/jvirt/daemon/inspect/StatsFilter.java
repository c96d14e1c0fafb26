package io.jvirt.daemon.inspect;

import io.jvirt.api.DomainState;

/**
 * virsh's {@code domstats --list-*} filters, as libvirt combines them: within each group
 * (active/inactive, persistent/transient, running/paused/shutoff/other) a domain passes when it
 * matches one of the flags given, and a group without flags passes every domain.
 */
public record StatsFilter(boolean active, boolean inactive, boolean persistent, boolean transientOnly,
                          boolean running, boolean paused, boolean shutoff, boolean other) {
    /** No filter: every domain. */
    public static final StatsFilter NONE = new StatsFilter(false, false, false, false, false, false, false, false);

    /** Whether a domain in this situation is kept. */
    public boolean keeps(boolean isActive, boolean isPersistent, DomainState state) {
        if ((active || inactive) && !(active && isActive || inactive && !isActive)) {
            return false;
        }
        if ((persistent || transientOnly) && !(persistent && isPersistent || transientOnly && !isPersistent)) {
            return false;
        }
        if (running || paused || shutoff || other) {
            boolean match = switch (state) {
                case RUNNING -> running;
                case PAUSED -> paused;
                case SHUTOFF -> shutoff;
                case NOSTATE, BLOCKED, SHUTDOWN, CRASHED, PMSUSPENDED -> other;
            };
            return match;
        }
        return true;
    }
}
