package io.jvirt.api;

/**
 * How many guest file systems a freeze or thaw touched ({@code domfsfreeze}, {@code domfsthaw}).
 *
 * @param count the number of file systems
 */
public record FsCount(int count) {
}
