package io.jvirt.daemon.inspect;

import io.jvirt.api.DomainState;

/**
 * libvirt's numbers for states and reasons ({@code virDomainState} and the
 * {@code virDomain*Reason} enums), which {@code domstats} prints as {@code state.state} and
 * {@code state.reason}. jvirt's states are libvirt's in libvirt's order.
 */
public final class StateCodes {
    private StateCodes() {
    }

    /** {@code state.state}. */
    public static int state(DomainState state) {
        return state.ordinal();
    }

    /** {@code state.reason}: the reason's number within its state's enum; 0 (unknown) for a word jvirt does not use. */
    public static int reason(DomainState state, String reason) {
        String r = reason == null ? "unknown" : reason;
        return switch (state) {
            case RUNNING -> switch (r) {
                case "booted" -> 1;
                case "migrated" -> 2;
                case "restored" -> 3;
                case "from snapshot" -> 4;
                case "unpaused" -> 5;
                case "migration canceled" -> 6;
                case "save canceled" -> 7;
                case "event wakeup" -> 8;
                case "crashed" -> 9;
                default -> 0;
            };
            case PAUSED -> switch (r) {
                case "user" -> 1;
                case "migrating" -> 2;
                case "saving" -> 3;
                case "dumping" -> 4;
                case "I/O error" -> 5;
                case "watchdog" -> 6;
                case "from snapshot" -> 7;
                case "shutting down" -> 8;
                case "creating snapshot" -> 9;
                case "crashed" -> 10;
                case "starting up" -> 11;
                default -> 0;
            };
            case SHUTDOWN -> r.equals("user") ? 1 : 0;
            case SHUTOFF -> switch (r) {
                case "shutdown" -> 1;
                case "destroyed" -> 2;
                case "crashed" -> 3;
                case "migrated" -> 4;
                case "saved" -> 5;
                case "failed" -> 6;
                case "from snapshot" -> 7;
                case "daemon" -> 8;
                default -> 0;
            };
            case CRASHED -> r.equals("panicked") ? 1 : 0;
            case PMSUSPENDED, NOSTATE, BLOCKED -> 0;
        };
    }
}
