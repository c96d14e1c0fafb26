/**
 * {@code jvirt clone}, virt-clone's equivalent: {@link io.jvirt.cli.clone.CloneCommand} parses the
 * options into an {@link io.jvirt.api.CloneOptions} and sends it to jvirtd, which plans and makes
 * the clone ({@code io.jvirt.daemon.clone}); the command prints what was made.
 */
package io.jvirt.cli.clone;
