package io.jvirt.cli.clone;

import io.jvirt.api.CloneOptions;
import io.jvirt.api.CloneResult;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.DebugLog;
import io.jvirt.client.JvirtClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code jvirt clone}: virt-clone's options and behaviour on jvirtd, plus {@code --linked} (thin
 * qcow2 overlays on the original's disks).
 */
public final class CloneCommand extends ClientVerb {
    private final Value<String> original = option("-o, --original", "NAME", "Name of the original domain to clone.");
    private final Value<Path> originalXml = option("--original-xml", "FILE", Path.class,
            "XML file to use as the original domain.");
    private final Flag autoClone = flag("--auto-clone",
            "Make the clone's name and disk paths from the original's (NAME-clone, DISK-clone.EXT or NEWNAME.EXT).");
    private final Value<String> name = option("-n, --name", "NEW_NAME", "Name for the new domain.");
    private final Flag reflink = flag("--reflink", "Copy disks as reflinks that share blocks (btrfs, xfs).");
    private final Flag linked = flag("--linked",
            "Make each new disk a thin qcow2 overlay on the original's image instead of a copy.");
    private final Value<List<String>> files = repeatable("-f, --file", "PATH", String.class,
            "New file for a disk of the clone, once per disk to copy, in disk order.");
    private final Value<List<String>> skipCopy = repeatable("--skip-copy", "TARGET", String.class,
            "Share the disk with this target (vda) with the original instead of copying it.");
    private final Value<List<String>> forceCopy = repeatable("--force-copy", "TARGET", String.class,
            "Copy the disk with this target (hdc) although it would be shared: a read-only or shareable disk.");
    private final Flag nonsparse = flag("--nonsparse", "Allocate every block of the copies (raw images).");
    private final Flag preserveData = flag("--preserve-data",
            "Use the existing --file paths as they are; copy nothing.");
    private final Value<String> nvram = option("--nvram", "PATH", "New file for the UEFI variable store.");
    private final Value<List<String>> macs = repeatable("-m, --mac", "MAC",
            String.class, "MAC address of the clone's interfaces in order (RANDOM for a random one; the default).");
    private final Value<List<String>> check = repeatable("--check", "CHECK=off", String.class,
            "Turn a check off: path_in_use, disk_size, path_exists, mac_in_use or all (as in virt-clone).");
    private final Flag replace = flag("--replace",
            "Replace a domain that has the new name: stop it and undefine it (its disks stay) instead of refusing.");
    private final Flag printXml = flag("--print-xml", "Print the clone's XML and do nothing else.");
    private final Flag quiet = flag("-q, --quiet", "Print nothing but errors.");
    private final Flag debug = flag("-d, --debug", "Print what the command does, step by step and timed, on stderr.");

    public CloneCommand() {
        super("clone", "Duplicate a domain (virt-clone): a new name, UUID and MACs, copies of its disks, its NVRAM "
                + "and TPM state; the guest's contents are not changed.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        DebugLog dbg = debug.get() ? DebugLog.to(err()) : DebugLog.off();
        dbg.log("jvirt clone: connected to jvirtd at " + client.socket());
        dbg.follow(client);
        CloneOptions o = options();
        if (o.original() == null && o.originalXml() == null) {
            throw new IllegalArgumentException(
                    "An original domain is required; give --original NAME or --original-xml FILE.");
        }
        if (!quiet.get() && !printXml.get() && !json()) {
            out().println("Cloning '" + (o.original() != null ? o.original() : originalXml.get()) + "'...");
            out().flush();
        }
        CloneResult r = client.clone(o, printXml.get());
        dbg.log("jvirtd planned the clone in " + r.planMillis() + " ms: " + r.copies().size() + " disk(s) to copy");
        if (printXml.get()) {
            printXml(r.xml());
            return 0;
        }
        if (json()) {
            printJson(r);
            return 0;
        }
        for (CloneResult.Copy c : r.copies()) {
            if (!quiet.get()) {
                out().printf("Allocated '%s' (%s, %.1f s)%n", c.volume(), c.mode(), c.millis() / 1e3);
            }
        }
        for (String note : r.notes()) {
            out().println("note: " + note);
        }
        if (!quiet.get()) {
            out().println();
            out().println("Clone '" + r.name() + "' created successfully.");
        }
        out().flush();
        dbg.log("clone " + r.name() + " defined");
        return 0;
    }

    private CloneOptions options() throws Exception {
        Set<String> off = new HashSet<>();
        for (String c : check.get()) {
            for (String part : c.split(",")) {
                String[] kv = part.split("=", 2);
                boolean valueOk = kv.length == 2 && (kv[1].equals("off") || kv[1].equals("no") || kv[1].equals("on")
                        || kv[1].equals("yes"));
                boolean turnOff = valueOk && (kv[1].equals("off") || kv[1].equals("no"));
                if (!valueOk || !(kv[0].equals("all") || CloneOptions.CHECKS.contains(kv[0]))) {
                    throw new IllegalArgumentException("--check " + part + " is not known; use CHECK=off with CHECK one "
                            + "of all, " + String.join(", ", CloneOptions.CHECKS) + ".");
                }
                if (turnOff) {
                    off.addAll(kv[0].equals("all") ? CloneOptions.CHECKS : List.of(kv[0]));
                }
            }
        }
        String xml = null;
        if (originalXml.get() != null) {
            try {
                xml = Files.readString(originalXml.get());
            } catch (IOException e) {
                throw new IllegalArgumentException("The --original-xml file " + originalXml.get() + " cannot be read ("
                        + e.getMessage() + ").");
            }
        }
        return new CloneOptions(original.get(), xml, name.get(), autoClone.get(), files.get(), nonsparse.get(),
                reflink.get(), linked.get(), macs.get(), preserveData.get(), skipCopy.get(), forceCopy.get(), nvram.get(), off,
                replace.get());
    }
}
