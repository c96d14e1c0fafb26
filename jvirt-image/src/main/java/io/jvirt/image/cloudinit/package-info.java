/**
 * NoCloud cloud-init seeds as virt-install 4.1 makes them for {@code --cloud-init}: {@link
 * io.jvirt.image.cloudinit.CloudInitOptions} parses the sub-options, {@link
 * io.jvirt.image.cloudinit.CloudInitSeed#plan} turns them into the user-data, meta-data and
 * network-config contents (a pure step), and {@link io.jvirt.image.cloudinit.SeedPlan#writeIso}
 * writes them as an ISO 9660 image labelled {@code cidata} with jvirt's own ISO writer.
 */
package io.jvirt.image.cloudinit;
