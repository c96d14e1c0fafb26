package io.jvirt.api;

/**
 * One disk of a domain as {@code domblklist} lists it.
 *
 * @param type the disk's source type (file, block, volume, ...)
 * @param device disk, cdrom, floppy or lun
 * @param target the guest's device name (vda, sda, hdc)
 * @param source the file, device or volume, or null for an empty drive
 */
public record DomainBlock(String type, String device, String target, String source) {
}
