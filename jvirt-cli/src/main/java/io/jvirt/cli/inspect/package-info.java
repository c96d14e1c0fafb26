/**
 * The verbs that look inside domains and the host: {@code domblklist}, {@code domblkinfo},
 * {@code domblkstat}, {@code domifstat}, {@code domstats}, {@code cpu-stats}, {@code screenshot}, {@code send-key},
 * {@code qemu-monitor-command}, {@code nodeinfo}, {@code nodememstats}, {@code nodecpustats}.
 * Entry point: {@link io.jvirt.cli.inspect.InspectVerbs}; virsh's text is {@link io.jvirt.cli.inspect.VirshText}.
 */
package io.jvirt.cli.inspect;
