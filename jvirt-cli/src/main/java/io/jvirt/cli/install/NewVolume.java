package io.jvirt.cli.install;

import java.nio.file.Path;

/**
 * A disk image {@code jvirt install} creates through jvirtd's storage API before it defines the
 * domain (and deletes again if a later step fails).
 *
 * @param pool the pool that holds it
 * @param name the volume name
 * @param path the file it becomes (the pool's directory and the name)
 * @param capacityBytes the virtual size
 * @param format raw or qcow2
 * @param backingPath the backing image of a thin overlay, or null
 * @param backingFormat the backing image's format, or null
 * @param sparse whether the image is allocated as it is written (false preallocates)
 */
public record NewVolume(String pool, String name, Path path, long capacityBytes, String format, Path backingPath,
                        String backingFormat, boolean sparse) {
}
