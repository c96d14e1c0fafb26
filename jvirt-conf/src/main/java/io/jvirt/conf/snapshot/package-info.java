/**
 * libvirt's domain snapshot XML (formatsnapshot): {@link io.jvirt.conf.snapshot.SnapshotXml}
 * parses a {@code <domainsnapshot>} into a {@link io.jvirt.conf.snapshot.SnapshotDef}, with
 * the domain definitions it carries, reporting every problem at once, and formats one back in
 * libvirt's element order; the round trip is lossless.
 */
package io.jvirt.conf.snapshot;
