package io.jvirt.cli.install;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a {@code --location} install tree is: a directory, an ISO image, or an http/https URL.
 */
public sealed interface TreeSource {

    /**
     * A directory holding the tree.
     *
     * @param dir the tree's root
     */
    record Directory(Path dir) implements TreeSource {
    }

    /**
     * An ISO image holding the tree (read with jvirt's own ISO 9660 reader; attached as a CD-ROM for
     * the install boot).
     *
     * @param iso the image
     */
    record Iso(Path iso) implements TreeSource {
    }

    /**
     * A tree on a web server.
     *
     * @param base the tree's root, ending with a slash
     */
    record Url(URI base) implements TreeSource {
    }
}
