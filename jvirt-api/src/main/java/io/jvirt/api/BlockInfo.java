package io.jvirt.api;

/**
 * The sizes of one disk ({@code domblkinfo}), in bytes, with libvirt's meanings.
 *
 * @param target the guest's device name
 * @param capacity what the guest sees
 * @param allocation what the image takes on the host (libvirt's "highest written offset" for
 *     non-qcow2 images of a running domain)
 * @param physical the size of the file or device that holds the image
 */
public record BlockInfo(String target, long capacity, long allocation, long physical) {
}
