/**
 * A client of the QEMU guest agent on its virtio-serial channel: {@link io.jvirt.qemu.agent.GuestAgent}
 * synchronizes with the agent and runs one command per connection (today {@code guest-shutdown}
 * for {@code reboot --mode agent}); every failure is a
 * {@link io.jvirt.qemu.agent.GuestAgentException} with a stable kind.
 */
package io.jvirt.qemu.agent;
