package io.jvirt.cli.install;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the planner needs to know about the daemon and the host, read-only: the seam that keeps
 * {@link InstallPlanner} pure. The CLI answers from jvirtd's API and the file system
 * ({@link ClientHostFacts}); tests answer from memory.
 */
interface HostFacts {

    /** Returns whether a domain of this name is defined or running. */
    boolean domainExists(String name);

    /** Returns the network of this name, or null. */
    NetworkFact network(String name);

    /** Returns the storage pool of this name, or null. */
    PoolFact pool(String name);

    /** Returns what is at {@code path}. */
    FileFact file(Path path);

    /**
     * A virtual network.
     *
     * @param name the name
     * @param active whether it runs
     */
    record NetworkFact(String name, boolean active) {
    }

    /**
     * A storage pool.
     *
     * @param name the name
     * @param path its directory
     * @param availableBytes the free space
     * @param active whether it runs
     * @param volumes the names of its volumes
     */
    record PoolFact(String name, Path path, long availableBytes, boolean active, Set<String> volumes) {
    }

    /**
     * A file.
     *
     * @param exists whether anything is there
     * @param directory whether it is a directory
     * @param blockDevice whether it is a block device
     * @param format the image format detected (raw, qcow2, ...), or null when it is none or not readable
     * @param isoVolumeId the ISO 9660 volume id, or null when it is no ISO
     * @param sizeBytes the size in bytes
     * @param virtualSizeBytes the image's virtual size (the size for raw files)
     */
    record FileFact(boolean exists, boolean directory, boolean blockDevice, String format, String isoVolumeId,
                    long sizeBytes, long virtualSizeBytes) {
        /** Nothing there. */
        static final FileFact MISSING = new FileFact(false, false, false, null, null, 0, 0);
    }

    /** Returns every storage pool. */
    List<PoolFact> pools();

    /**
     * Finds the kernel and initrd of an install tree (a directory or an ISO image).
     *
     * @param location the tree
     * @return what was found, or null when no known layout matches
     */
    default LocationTree.Found installTree(Path location) {
        try {
            return file(location).directory() ? LocationTree.inDirectory(location) : LocationTree.inIso(location);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Returns whether guests on a network can boot from it (see {@link PxeCheck#bootable}); true when
     * it cannot be told.
     */
    default boolean networkBootable(String name) {
        return true;
    }

    /**
     * Looks for the kernel and initrd of an install tree on a web server.
     *
     * @param base the tree's root, ending with a slash
     * @return what was found
     */
    default HttpTree.Probe remoteTree(URI base) {
        return HttpTree.standard().probe(base);
    }

    /**
     * Reads the files of an install tree for OS detection ({@link TreeOsDetect}): from the directory,
     * from the ISO image with jvirt's own reader, or over http(s).
     *
     * @param source the tree
     * @return the reader; a file that is absent or unreadable reads as null
     */
    default TreeOsDetect.Reader treeReader(TreeSource source) {
        return switch (source) {
            case TreeSource.Directory(Path dir) -> path -> {
                try {
                    Path f = dir.resolve(path);
                    return Files.isRegularFile(f) ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8) : null;
                } catch (IOException | RuntimeException e) {
                    return null;
                }
            };
            case TreeSource.Iso(Path iso) -> path -> {
                try (IsoImage image = IsoImage.open(iso)) {
                    IsoImage.Entry e = image.find(path);
                    return e == null || e.directory() ? null : new String(image.read(e), StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    return null;
                }
            };
            case TreeSource.Url(URI base) -> HttpTree.standard().reader(base);
        };
    }

    /** Returns the accelerator type a guest gets when {@code --virt-type} is not given (kvm or qemu). */
    default String defaultVirtType() {
        return "kvm";
    }
}
