package io.jvirt.api;

/**
 * Where a running domain's serial console can be reached on this host.
 *
 * @param socket the UNIX socket of the first serial port (one client at a time)
 * @param log    the file QEMU copies all console output to
 */
public record ConsoleInfo(String socket, String log) {
}
