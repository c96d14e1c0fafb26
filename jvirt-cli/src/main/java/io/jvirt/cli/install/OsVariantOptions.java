package io.jvirt.cli.install;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code --os-variant NAME|detect=on[,name=NAME][,require=on|off]} as virt-install 4.1 reads it.
 * Without the option, the OS is detected from the install media and required. Detection reads an
 * ISO's volume id ({@link OsInfoDb#detectIso}) and a {@code --location} tree's files
 * ({@link TreeOsDetect}: {@code .treeinfo}, Debian's {@code MANIFEST}, code names in the URL) for a
 * directory, an ISO or an http(s) URL; a detected OS wins over {@code name=}, which is the fallback.
 * When nothing is given or detected: an error if the OS is required (no option, or
 * {@code require=on}); otherwise the generic OS, with virt-install's warning.
 */
final class OsVariantOptions {
    private OsVariantOptions() {
    }

    /**
     * Sets the guest's OS.
     *
     * @param g the guest ({@code os} and {@code osinfoGiven} are set)
     * @param a the options
     * @param host the host (reads the media)
     * @param osinfo the database
     * @param p the problems
     * @param notes the notes shown to the user
     */
    static void choose(GuestSpec g, InstallArgs a, HostFacts host, OsInfoDb osinfo, Problems p, List<String> notes) {
        String name = null;
        boolean detect;
        Boolean require = null;
        boolean requireAuto = a.osVariant() == null;
        if (a.osVariant() != null) {
            SubOptions o = SubOptions.parse("--os-variant", a.osVariant());
            String n = o.get("name", "short-id", "id");
            name = n != null ? n : o.bare();
            detect = Boolean.TRUE.equals(o.bool(p, "detect"));
            require = o.bool(p, "require");
            o.reportUnused(p);
        } else {
            detect = true;
        }
        if (name != null && name.startsWith("http")) {
            p.bad("--os-variant takes a short id such as debian11, not the URI " + name + ".");
            return;
        }
        TreeOsDetect.Result tree = null;
        if (detect) {
            Detected found = detect(a, host, osinfo);
            if (found != null && found.os() != null) {
                g.os = found.os();
                g.osinfoGiven = true;
                notes.add("Detected OS " + found.os().shortId() + " from " + found.how() + ".");
                return;
            }
            tree = found == null ? null : found.tree();
        }
        if (name != null) {
            OsInfo os = osinfo.lookup(name);
            if (os == null) {
                p.add(InstallException.Kind.NOT_FOUND, "The OS variant '" + name + "' is not in the osinfo database; "
                        + "list the known ones with jvirt install --os-variant list, or use linux2022 or generic.");
                return;
            }
            g.os = os;
            g.osinfoGiven = true;
            if (os.isGeneric()) {
                notes.add(genericWarning());
            }
            return;
        }
        String unknownTree = tree == null ? "" : " (the install tree was recognised by its " + tree.how()
                + ", but the osinfo database names no OS for it)";
        if (Boolean.TRUE.equals(require)) {
            p.bad("--os-variant requires an OS, but none was given or detected from the install media" + unknownTree
                    + "; give one as --os-variant detect=on,name=debian11 (jvirt install --os-variant list shows "
                    + "them).");
            return;
        }
        if (requireAuto && System.getenv("VIRTINSTALL_OSINFO_DISABLE_REQUIRE") == null) {
            p.bad("--os-variant is required (virt-install 4.1 makes it so)" + unknownTree + ": give the guest's OS, "
                    + "such as --os-variant debian11 (jvirt install --os-variant list shows them), or --os-variant "
                    + "detect=on,require=off for generic defaults.");
            return;
        }
        if (!unknownTree.isEmpty()) {
            notes.add("No OS detected" + unknownTree + ".");
        }
        notes.add(genericWarning());
    }

    /** virt-install's warning for a guest with the generic OS. */
    static String genericWarning() {
        return "WARNING Using --os-variant generic, VM performance may suffer. Specify an accurate OS for optimal "
                + "results.";
    }

    /**
     * What detection found.
     *
     * @param os the OS, or null
     * @param how what told it, for the note
     * @param tree the tree's result when it was recognised without an OS, else null
     */
    private record Detected(OsInfo os, String how, TreeOsDetect.Result tree) {
    }

    private static Detected detect(InstallArgs a, HostFacts host, OsInfoDb osinfo) {
        String media = a.cdrom() != null ? a.cdrom() : a.location();
        if (media == null) {
            return null;
        }
        TreeSource source = null;
        if (a.location() != null && LocationPlan.isUrl(a.location())) {
            try {
                source = new TreeSource.Url(HttpTree.base(a.location()));
            } catch (IllegalArgumentException e) {
                return null;
            }
        } else {
            Path path = Path.of(media).toAbsolutePath();
            HostFacts.FileFact f = host.file(path);
            if (f.isoVolumeId() != null) {
                OsInfo byVolume = osinfo.detectIso(f.isoVolumeId());
                if (byVolume != null) {
                    return new Detected(byVolume, "the volume id '" + f.isoVolumeId() + "'", null);
                }
            }
            if (a.location() != null && f.exists()) {
                source = f.directory() ? new TreeSource.Directory(path) : new TreeSource.Iso(path);
            }
        }
        if (source == null) {
            return null;
        }
        TreeOsDetect.Result r = TreeOsDetect.detect(host.treeReader(source), a.location(),
                source instanceof TreeSource.Iso, OsInfoTrees.read(osinfo));
        if (r == null) {
            return null;
        }
        OsInfo os = r.shortId() == null ? null : osinfo.lookup(r.shortId());
        return os != null ? new Detected(os, "the install tree's " + r.how(), null)
                : new Detected(null, r.how(), r);
    }
}
