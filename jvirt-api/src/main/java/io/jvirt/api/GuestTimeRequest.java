package io.jvirt.api;

/**
 * How to set the guest's clock ({@code domtime --time/--now/--sync}): to {@code seconds} (and
 * {@code nseconds}) since the epoch, or with {@code sync} from the guest's hardware clock,
 * which QEMU keeps in step with the host (no time then).
 *
 * @param seconds seconds since the epoch, null with {@code sync}
 * @param nseconds nanoseconds within the second, null for 0
 * @param sync set the clock from the guest's hardware clock
 */
public record GuestTimeRequest(Long seconds, Integer nseconds, boolean sync) {
}
