package io.jvirt.daemon.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Persistent definitions as libvirt XML files ({@code domains/NAME.xml}, {@code
 * networks/NAME.xml}, …) and autostart marks ({@code autostart/NAME}), readable and backed
 * up like libvirt's {@code /etc/libvirt/qemu}, and private like it: directories 0700, files
 * and the journal 0600 ({@link PrivateFiles}), since definitions carry secrets.
 *
 * <p>A change is durable when {@link #save} or {@link #delete} returns: it is first
 * group-committed to a {@link DefinitionJournal} (one fdatasync for all concurrent
 * callers). A write-behind thread then replaces the XML files atomically (temp file,
 * rename) with the latest state of each changed name, once changes pause for 50 ms and at
 * most 1 s after a change, so a file lags its journal record by at most about a second.
 * The journal is emptied only after every file it covers has been fsynced (and the
 * directory): at start-up (after replaying it over the files), at close, and when it grows
 * large.
 *
 * <p>Names are validated by the model before they reach this class (no '/', no '..'),
 * and are checked here again so a file can never land outside its directory.
 */
public final class DefinitionStore implements AutoCloseable {
    private static final long TRUNCATE_AT = 16L * 1024 * 1024;
    /** The writer waits for this long without changes before it writes files... */
    private static final long QUIET_NANOS = 50_000_000L;
    /** ...but never lets a file lag its journal record by more than this. */
    private static final long MAX_LAG_NANOS = 1_000_000_000L;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(DefinitionStore.class.getName());

    private final Path domains;
    private final Path autostart;
    private final DefinitionJournal journal;
    private final ReadWriteLock truncation = new ReentrantReadWriteLock();
    /** Changes journaled but not yet in their files, latest per name; guarded by itself. */
    private final LinkedHashMap<String, DefinitionJournal.Entry> pending = new LinkedHashMap<>();
    private int applying;
    /** Names whose files changed since the last checkpoint; guarded by itself. */
    private final java.util.Set<String> written = new java.util.HashSet<>();
    private long firstPendingAt;
    private long lastChangeAt;
    private boolean closing;
    private volatile boolean writeFailed;
    private final Thread writer;

    /** Opens the domain definitions: {@code domains/}, {@code autostart/}, {@code domains.journal}. */
    public DefinitionStore(Path stateDir) throws IOException {
        this(stateDir.resolve("domains"), stateDir.resolve("autostart"), stateDir.resolve("domains.journal"));
    }

    /**
     * Opens the definitions of one object kind other than domains, such as networks or
     * pools: {@code KIND/}, {@code KIND/autostart/} and {@code KIND.journal}.
     *
     * @param stateDir the daemon's state directory
     * @param kind the object kind, a plain directory name
     * @return the store
     * @throws IOException when the directories or the journal cannot be opened
     */
    public static DefinitionStore of(Path stateDir, String kind) throws IOException {
        return new DefinitionStore(stateDir.resolve(kind), stateDir.resolve(kind).resolve("autostart"),
                stateDir.resolve(kind + ".journal"));
    }

    private DefinitionStore(Path defsDir, Path autostartDir, Path journalFile) throws IOException {
        this.domains = PrivateFiles.createDirectories(defsDir);
        this.autostart = PrivateFiles.createDirectories(autostartDir);
        this.journal = new DefinitionJournal(journalFile);
        List<DefinitionJournal.Entry> replay = journal.replay();
        for (DefinitionJournal.Entry e : replay) {
            apply(e);
        }
        if (!replay.isEmpty()) {
            checkpoint();
        }
        journal.truncate();
        this.writer = Thread.ofVirtual().name("defs-writer").start(this::writeBehind);
    }

    private void apply(DefinitionJournal.Entry e) throws IOException {
        synchronized (written) {
            written.add(e.name());
        }
        switch (e.op()) {
            case PUT -> AtomicFiles.writeUnsynced(fileOf(e.name()), e.xml().getBytes(StandardCharsets.UTF_8));
            case DELETE -> Files.deleteIfExists(fileOf(e.name()));
        }
    }

    /** Makes every file written since the last checkpoint durable, then empties the journal. */
    private void checkpoint() throws IOException {
        List<String> names;
        synchronized (written) {
            names = new ArrayList<>(written);
            written.clear();
        }
        for (String name : names) {
            Path f = fileOf(name);
            if (Files.exists(f)) {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
                        java.nio.file.StandardOpenOption.READ)) {
                    ch.force(true);
                } catch (java.nio.file.NoSuchFileException deletedMeanwhile) {
                    // a later change removed it; the directory sync below records that
                }
            }
        }
        AtomicFiles.syncDirectory(domains);
        journal.truncate();
    }

    /** Journals a change (durable on return) and queues the file update for the writer. */
    private void change(DefinitionJournal.Op op, String name, String xml) throws IOException {
        fileOf(name); // refuse unsafe names before anything is written
        truncation.readLock().lock();
        try {
            journal.append(op, name, xml);
            synchronized (pending) {
                long now = System.nanoTime();
                boolean wasEmpty = pending.isEmpty();
                if (wasEmpty) {
                    firstPendingAt = now;
                }
                lastChangeAt = now;
                pending.remove(name); // keep insertion order = order of the latest changes
                pending.put(name, new DefinitionJournal.Entry(op, name, xml));
                if (wasEmpty) {
                    pending.notifyAll(); // wake the writer only for the first change of a batch
                }
            }
        } finally {
            truncation.readLock().unlock();
        }
    }

    /**
     * The writer: waits for a quiet moment (or the lag limit) and writes the latest state of
     * every changed name, so a burst of defines costs one file write per name, after the
     * burst, instead of competing with it for the CPU.
     */
    private void writeBehind() {
        while (true) {
            List<DefinitionJournal.Entry> batch;
            synchronized (pending) {
                try {
                    while (pending.isEmpty() && !closing) {
                        pending.wait();
                    }
                    if (pending.isEmpty()) {
                        return;
                    }
                    while (!closing) {
                        long now = System.nanoTime();
                        long wait = Math.min(lastChangeAt + QUIET_NANOS - now, firstPendingAt + MAX_LAG_NANOS - now);
                        if (wait <= 0) {
                            break;
                        }
                        pending.wait(Math.max(1, wait / 1_000_000));
                    }
                } catch (InterruptedException e) {
                    return;
                }
                batch = new ArrayList<>(pending.values());
                pending.clear();
                applying = batch.size();
            }
            for (DefinitionJournal.Entry e : batch) {
                try {
                    apply(e);
                } catch (IOException ex) {
                    writeFailed = true; // the journal is then kept and replayed at the next start
                    LOG.warning("cannot write " + fileOf(e.name()) + " (the journal keeps the change): " + ex.getMessage());
                }
            }
            synchronized (pending) {
                applying = 0;
                pending.notifyAll();
            }
            maybeTruncate();
        }
    }

    private boolean allWritten() {
        synchronized (pending) {
            return pending.isEmpty() && applying == 0 && !writeFailed;
        }
    }

    private void maybeTruncate() {
        try {
            if (journal.size() < TRUNCATE_AT || !truncation.writeLock().tryLock()) {
                return;
            }
            try {
                if (allWritten()) {
                    checkpoint();
                }
            } finally {
                truncation.writeLock().unlock();
            }
        } catch (IOException e) {
            LOG.warning("cannot empty the definition journal: " + e.getMessage());
        }
    }

    /** Waits until every change so far is in its XML file (not necessarily fsynced). */
    public void awaitWritten() throws InterruptedException {
        synchronized (pending) {
            lastChangeAt = firstPendingAt = 0; // no need to wait for quiet
            pending.notifyAll();
            while (!pending.isEmpty() || applying > 0) {
                pending.wait(10);
            }
        }
    }

    /** All stored definitions, by file name stem, as XML text. */
    public Map<String, String> loadAll() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(domains, "*.xml")) {
            for (Path p : ds) {
                String file = p.getFileName().toString();
                out.put(file.substring(0, file.length() - 4), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Stores a definition; durable when this returns. */
    public void save(String name, String xml) throws IOException {
        change(DefinitionJournal.Op.PUT, name, xml);
    }

    /** Removes a definition and its autostart mark; durable when this returns. */
    public void delete(String name) throws IOException {
        AtomicFiles.delete(autostartOf(name));
        change(DefinitionJournal.Op.DELETE, name, "");
    }

    /** Writes every pending file, makes them durable, then empties the journal. */
    @Override
    public void close() throws IOException {
        synchronized (pending) {
            closing = true;
            pending.notifyAll();
        }
        try {
            writer.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (allWritten()) {
            checkpoint();
        }
        journal.close();
    }

    public boolean autostart(String name) {
        return Files.exists(autostartOf(name));
    }

    public void setAutostart(String name, boolean enabled) throws IOException {
        if (enabled) {
            AtomicFiles.write(autostartOf(name), new byte[0]);
        } else {
            AtomicFiles.delete(autostartOf(name));
        }
    }

    /** The file holding the definition of {@code name}. */
    public Path fileOf(String name) {
        return safe(domains, name + ".xml");
    }

    private Path autostartOf(String name) {
        return safe(autostart, name);
    }

    static Path safe(Path dir, String file) {
        Path p = dir.resolve(file).normalize();
        if (!p.getParent().equals(dir.normalize()) || file.contains("/")) {
            throw new IllegalArgumentException("the name '" + file + "' would leave " + dir);
        }
        return p;
    }
}
