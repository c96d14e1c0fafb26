/**
 * The guest agent verbs of the CLI ({@code qemu-agent-command}, {@code guestinfo},
 * {@code domfsinfo}, {@code domfsfreeze}, {@code domfsthaw}, {@code set-user-password},
 * {@code domtime}), one class each, with virsh's options and output; {@link
 * io.jvirt.cli.agent.AgentVerbs} registers them.
 */
package io.jvirt.cli.agent;
