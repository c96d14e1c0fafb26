package io.jvirt.cli.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds the kernel and initrd of a distribution's install tree, as virt-install's urldetect
 * does: Debian and Ubuntu (netboot trees under {@code installer-amd64} with
 * {@code current/images/MANIFEST}, install ISOs with {@code install.amd/} or
 * {@code casper/}), Fedora, RHEL and CentOS ({@code .treeinfo}, {@code images/pxeboot/}),
 * openSUSE ({@code boot/x86_64/loader/}), or what a directory's {@code .treeinfo} names. The tree
 * is a directory or an ISO image; {@link HttpTree} probes the same layouts on a web server.
 */
final class LocationTree {

    /**
     * The files found.
     *
     * @param distro which layout matched (for messages)
     * @param kernel the kernel's path in the tree
     * @param initrd the initrd's path in the tree
     */
    record Found(String distro, String kernel, String initrd) {
    }

    private record Layout(String distro, String kernel, String initrd) {
    }

    private static final List<Layout> LAYOUTS = List.of(
            new Layout("Debian/Ubuntu netboot", "current/images/netboot/debian-installer/amd64/linux",
                    "current/images/netboot/debian-installer/amd64/initrd.gz"),
            new Layout("Ubuntu netboot", "current/images/netboot/ubuntu-installer/amd64/linux",
                    "current/images/netboot/ubuntu-installer/amd64/initrd.gz"),
            new Layout("Debian/Ubuntu netboot", "main/installer-amd64/current/images/netboot/debian-installer/amd64/linux",
                    "main/installer-amd64/current/images/netboot/debian-installer/amd64/initrd.gz"),
            new Layout("Debian ISO", "install.amd/vmlinuz", "install.amd/initrd.gz"),
            new Layout("Ubuntu live ISO", "casper/vmlinuz", "casper/initrd"),
            new Layout("Ubuntu ISO", "install/vmlinuz", "install/initrd.gz"),
            new Layout("Ubuntu netboot", "install/netboot/ubuntu-installer/amd64/linux",
                    "install/netboot/ubuntu-installer/amd64/initrd.gz"),
            new Layout("Fedora/RHEL", "images/pxeboot/vmlinuz", "images/pxeboot/initrd.img"),
            new Layout("openSUSE", "boot/x86_64/loader/linux", "boot/x86_64/loader/initrd"));

    private LocationTree() {
    }

    /** Returns the known layouts, in the order they are tried. */
    static List<Found> layouts() {
        return LAYOUTS.stream().map(l -> new Found(l.distro(), l.kernel(), l.initrd())).toList();
    }

    /**
     * Looks for a known layout.
     *
     * @param exists whether a path relative to the tree's root exists
     * @return the kernel and initrd, or null when no layout matches
     */
    static Found find(Predicate<String> exists) {
        for (Layout l : LAYOUTS) {
            if (exists.test(l.kernel()) && exists.test(l.initrd())) {
                return new Found(l.distro(), l.kernel(), l.initrd());
            }
        }
        return null;
    }

    /**
     * Looks in a directory: the files its {@code .treeinfo} names, else a known layout.
     *
     * @param dir the tree's root
     * @return the files, or null
     * @throws IOException when the {@code .treeinfo} cannot be read
     */
    static Found inDirectory(Path dir) throws IOException {
        Path treeinfo = dir.resolve(".treeinfo");
        if (Files.isRegularFile(treeinfo)) {
            Found f = TreeInfo.kernelAndInitrd(Files.readString(treeinfo));
            if (f != null && Files.isRegularFile(dir.resolve(f.kernel())) && Files.isRegularFile(dir.resolve(f.initrd()))) {
                return f;
            }
        }
        return find(rel -> Files.isRegularFile(dir.resolve(rel)));
    }

    /**
     * Looks in an ISO image.
     *
     * @param iso the image
     * @return the files, or null
     * @throws IOException when the image cannot be read
     */
    static Found inIso(Path iso) throws IOException {
        try (IsoImage image = IsoImage.open(iso)) {
            return find(rel -> {
                try {
                    IsoImage.Entry e = image.find(rel);
                    return e != null && !e.directory();
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }
}
