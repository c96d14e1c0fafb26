package io.jvirt.api;

/**
 * The guest's clock ({@code domtime}), or the time to set it to.
 *
 * @param seconds seconds since the epoch (UTC)
 * @param nseconds nanoseconds within the second
 */
public record GuestTime(long seconds, int nseconds) {
}
