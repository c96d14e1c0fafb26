package io.jvirt.daemon.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.snapshot.SnapshotDef;
import io.jvirt.conf.snapshot.SnapshotXml;
import io.jvirt.daemon.store.AtomicFiles;
import io.jvirt.daemon.store.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Snapshot metadata stored with the domain: {@code STATE/snapshots/DOMAIN/NAME.xml}, libvirt's
 * snapshot XML with the domain inside and libvirt's {@code <active>} mark of the current one,
 * as libvirt keeps {@code /var/lib/libvirt/qemu/snapshot/DOMAIN/NAME.xml}. Files are 0600 in
 * 0700 directories (the domains inside carry secrets), each written atomically and durably
 * before the snapshot is reported. The VM state of internal snapshots lives beside them
 * ({@code NAME.vmstate}).
 */
final class SnapshotStore {
    private static final Logger LOG = Logger.getLogger(SnapshotStore.class.getName());
    private final Path root;

    SnapshotStore(Path stateDir) throws IOException {
        this.root = PrivateFiles.createDirectories(stateDir.resolve("snapshots"));
    }

    /** The directory of a domain's snapshots (not created). */
    Path dirOf(String domain) {
        Path d = root.resolve(domain);
        if (!d.normalize().getParent().equals(root.normalize())) {
            throw new IllegalArgumentException("the domain name '" + domain + "' cannot name a directory");
        }
        return d;
    }

    /** The metadata file of one snapshot. */
    Path fileOf(String domain, String snapshot) {
        return dirOf(domain).resolve(snapshot + ".xml");
    }

    /** Where an internal snapshot of a running domain keeps its VM state. */
    Path vmstateOf(String domain, String snapshot) {
        return dirOf(domain).resolve(snapshot + ".vmstate");
    }

    /** Where a new internal snapshot of a running domain puts its VM state; makes the directory. */
    Path newVmstate(String domain, String snapshot) {
        try {
            PrivateFiles.createDirectories(dirOf(domain));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the snapshot directory " + dirOf(domain), e);
        }
        return vmstateOf(domain, snapshot);
    }

    /** Writes one snapshot's metadata durably; {@code current} is its {@code <active>} mark. */
    void save(String domain, SnapshotDef s, boolean current) throws IOException {
        PrivateFiles.createDirectories(dirOf(domain));
        AtomicFiles.write(fileOf(domain, s.name()),
                SnapshotXml.formatStored(s.toBuilder().current(current).build()).getBytes(StandardCharsets.UTF_8));
    }

    /** Removes one snapshot's metadata (and its VM state file) durably. */
    void delete(String domain, String snapshot) throws IOException {
        AtomicFiles.delete(fileOf(domain, snapshot));
        AtomicFiles.delete(vmstateOf(domain, snapshot));
    }

    /** Removes every snapshot file of a domain and its directory. */
    void deleteAll(String domain) throws IOException {
        Path dir = dirOf(domain);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
        AtomicFiles.syncDirectory(root);
    }

    /**
     * A domain's snapshots as stored. A file that cannot be read is set aside as
     * {@code NAME.xml.bad} with a warning, never silently dropped.
     */
    SnapshotTree load(String domain) throws IOException {
        Path dir = dirOf(domain);
        if (!Files.isDirectory(dir)) {
            return SnapshotTree.EMPTY;
        }
        List<SnapshotDef> found = new ArrayList<>();
        String current = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.xml")) {
            for (Path p : ds) {
                try {
                    SnapshotDef s = SnapshotXml.parse(Files.readString(p, StandardCharsets.UTF_8));
                    String expected = p.getFileName().toString();
                    if (s.name() == null || !(s.name() + ".xml").equals(expected)) {
                        throw new IOException("it names the snapshot '" + s.name() + "'");
                    }
                    found.add(s);
                    if (Boolean.TRUE.equals(s.current())) {
                        current = s.name();
                    }
                } catch (ConfException | IOException bad) {
                    Path aside = p.resolveSibling(p.getFileName() + ".bad");
                    Files.move(p, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    LOG.warning("the snapshot file " + p + " cannot be read (" + bad.getMessage() + "); kept as "
                            + aside + " for a person to look at.");
                }
            }
        }
        return SnapshotTree.of(found, current);
    }
}
