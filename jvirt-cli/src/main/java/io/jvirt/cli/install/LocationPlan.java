package io.jvirt.cli.install;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Plans a {@code --location} install's first boot: finds the tree's kernel and initrd (a directory,
 * an ISO image, or an http/https URL, as virt-install takes them), points the install boot at them
 * with {@code --extra-args} as its command line, and attaches an ISO tree as a CD-ROM for the install
 * boot. Files that must be extracted, downloaded or rebuilt go to the staging directory.
 */
final class LocationPlan {
    private LocationPlan() {
    }

    /**
     * Plans it.
     *
     * @param g the guest (its install kernel, initrd and command line are set)
     * @param a the options
     * @param host the host
     * @param p the problems
     * @param all the guest's disks (an ISO tree is added)
     * @return the media to stage, or null after a problem
     */
    static InstallPlan.KernelMedia plan(GuestSpec g, InstallArgs a, HostFacts host, Problems p,
                                        List<DiskOptions.Disk> all) {
        String loc = a.location();
        List<Path> inject = a.initrdInject().stream().map(s -> Path.of(s).toAbsolutePath().normalize()).toList();
        for (Path i : inject) {
            if (!host.file(i).exists()) {
                p.add(InstallException.Kind.NOT_FOUND, "The --initrd-inject file " + i + " does not exist.");
            }
        }
        TreeSource source;
        LocationTree.Found found;
        if (isUrl(loc)) {
            URI base;
            try {
                base = HttpTree.base(loc);
            } catch (IllegalArgumentException e) {
                p.bad("--location " + loc + " is not a URL jvirt can read; give http://HOST/PATH or https://HOST/PATH.");
                return null;
            }
            switch (host.remoteTree(base)) {
                case HttpTree.Found f -> found = f.files();
                case HttpTree.NoLayout n -> {
                    p.add(InstallException.Kind.BAD_MEDIA, "The install tree " + base + " holds no kernel and initrd "
                            + "that jvirt knows; it asked for " + String.join(", ", n.tried()) + ". Give the URL of "
                            + "the tree's root (for Debian the installer-amd64 directory, for Fedora the os directory).");
                    return null;
                }
                case HttpTree.Unreachable u -> {
                    p.add(InstallException.Kind.NOT_FOUND, "The install tree " + base + " cannot be read: " + u.why()
                            + "; check the URL and that the server answers.");
                    return null;
                }
            }
            source = new TreeSource.Url(base);
        } else if (loc.startsWith("ftp://") || loc.startsWith("nfs:")) {
            p.bad("--location " + loc + ": jvirt reads install trees over http and https only; give an http(s) URL, "
                    + "a local directory or an ISO holding the tree.");
            return null;
        } else {
            Path tree = Path.of(loc).toAbsolutePath().normalize();
            HostFacts.FileFact f = host.file(tree);
            if (!f.exists()) {
                p.add(InstallException.Kind.NOT_FOUND, "The install tree " + loc
                        + " does not exist; give a directory or ISO holding a distribution tree, or its http(s) URL.");
                return null;
            }
            found = host.installTree(tree);
            if (found == null) {
                p.add(InstallException.Kind.BAD_MEDIA, "The install tree " + loc + " holds no kernel and initrd that "
                        + "jvirt knows (Debian/Ubuntu netboot or ISO, Fedora/RHEL images/pxeboot, openSUSE "
                        + "boot/x86_64/loader, or a .treeinfo naming them).");
                return null;
            }
            source = f.directory() ? new TreeSource.Directory(tree) : new TreeSource.Iso(tree);
        }
        Path kernel;
        Path initrd;
        if (source instanceof TreeSource.Directory(Path dir) && inject.isEmpty()) {
            kernel = dir.resolve(found.kernel());
            initrd = dir.resolve(found.initrd());
        } else {
            Path staging = a.stagingDir() != null ? a.stagingDir() : Path.of(System.getProperty("java.io.tmpdir"));
            String base = "jvirt-install-" + g.name + "-";
            kernel = staging.resolve(base + "kernel");
            initrd = staging.resolve(base + "initrd");
        }
        g.installKernel = kernel.toString();
        g.installInitrd = initrd.toString();
        g.installCmdline = a.extraArgs().isEmpty() ? null : String.join(" ", a.extraArgs());
        if (source instanceof TreeSource.Iso(Path iso)) {
            DiskOptions.Disk cd = new DiskOptions.Disk();
            cd.device = "cdrom";
            cd.path = iso.toString();
            cd.format = "raw";
            cd.readonly = true;
            cd.ejectAfterInstall = true;
            all.add(cd);
        }
        return new InstallPlan.KernelMedia(source, found.kernel(), found.initrd(), kernel, initrd, inject);
    }

    /** Whether {@code --location} names a tree on a web server. */
    static boolean isUrl(String location) {
        return location.startsWith("http://") || location.startsWith("https://");
    }
}
