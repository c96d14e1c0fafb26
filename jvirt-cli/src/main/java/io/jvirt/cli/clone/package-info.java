/**
 * {@code jvirt clone}, virt-clone's equivalent: {@link io.jvirt.cli.clone.CloneCommand} parses the
 * options into {@link io.jvirt.cli.clone.CloneOptions}, {@link io.jvirt.cli.clone.ClonePlanner}
 * turns them and the original's definition into a {@link io.jvirt.cli.clone.ClonePlan} (new XML
 * and the disk copies to make; pure, facts about the host come through {@link
 * io.jvirt.cli.clone.CloneWorld}), and {@link io.jvirt.cli.clone.CloneExecutor} carries it out
 * through jvirtd's REST API, removing what it made when a step fails.
 */
package io.jvirt.cli.clone;
