package io.jvirt.api;

/**
 * One holder of an image file in jvirtd's table of images in use ({@code GET
 * /v1/images/holders?path=}): a domain's disk, or a running volume operation.
 *
 * @param domain the domain using the image, or null for a volume operation
 * @param disk the guest disk (target dev) the image serves, or null
 * @param backing whether the image is in the backing chain of that disk rather than the disk itself
 * @param operation a running volume operation in words ("a running vol-wipe of volume 'v' in
 *     pool 'p'"), or null for a domain
 */
public record ImageHolder(String domain, String disk, boolean backing, String operation) {
}
