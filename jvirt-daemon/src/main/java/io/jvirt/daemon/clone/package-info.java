/**
 * {@code jvirt clone} (virt-clone) in the daemon: {@link io.jvirt.daemon.clone.ClonePlanner} turns
 * the {@link io.jvirt.api.CloneOptions} and the original's definition into a {@link
 * io.jvirt.daemon.clone.ClonePlan} (the new XML and the disk copies to make; pure, facts about the
 * host come through {@link io.jvirt.daemon.clone.CloneWorld}, answered from the registries by
 * {@link io.jvirt.daemon.clone.RegistryWorld}), and {@link io.jvirt.daemon.clone.CloneService}
 * carries it out, removing what it made when a step fails.
 */
package io.jvirt.daemon.clone;
