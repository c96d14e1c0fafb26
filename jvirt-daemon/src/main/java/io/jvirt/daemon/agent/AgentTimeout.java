package io.jvirt.daemon.agent;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;

import java.time.Duration;

/**
 * How long {@code qemu-agent-command} waits for the agent's answer, as libvirt's timeout
 * argument says it: -2 as long as it takes ({@code --block}), -1 the default of 5 s, 0 not at
 * all ({@code --async}), a positive number of seconds ({@code --timeout}).
 *
 * @param seconds libvirt's value
 */
public record AgentTimeout(int seconds) {
    /** libvirt's default wait for an agent command's answer (QEMU_AGENT_WAIT_TIME). */
    public static final Duration DEFAULT = Duration.ofSeconds(5);
    public static final int BLOCK = -2;
    public static final int DEFAULT_VALUE = -1;
    public static final int NOWAIT = 0;

    /** @throws DaemonException INVALID_ARGUMENT below -2 */
    public AgentTimeout {
        if (seconds < BLOCK) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "guest agent timeout '" + seconds
                    + "' is less than the minimum '" + BLOCK + "'.");
        }
    }

    /** The wait: null for as long as it takes, zero for none. */
    Duration duration() {
        return switch (seconds) {
            case BLOCK -> null;
            case DEFAULT_VALUE -> DEFAULT;
            default -> Duration.ofSeconds(seconds);
        };
    }
}
