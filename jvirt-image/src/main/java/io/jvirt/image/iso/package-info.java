/**
 * A pure-Java ISO 9660 writer: level 1 or 2 names, a Joliet tree and Rock Ridge (RRIP 1.10)
 * long names, enough for a NoCloud seed or a small install medium. Build an {@link
 * io.jvirt.image.iso.IsoImage} from {@link io.jvirt.image.iso.IsoNode}s and write it with
 * {@link io.jvirt.image.iso.IsoWriter#write}.
 */
package io.jvirt.image.iso;
