/**
 * The guest agent verbs ({@code qemu-agent-command}, {@code guestinfo}, {@code domfsinfo},
 * {@code domfsfreeze}/{@code domfsthaw}, {@code set-user-password}, {@code domtime},
 * {@code domifaddr --source agent}). Entry point: {@link io.jvirt.daemon.agent.AgentService},
 * which reaches a running domain's agent through the {@link io.jvirt.daemon.agent.AgentService.Channels}
 * seam and talks to it with jvirt-qemu's {@code GuestAgent}.
 */
package io.jvirt.daemon.agent;
