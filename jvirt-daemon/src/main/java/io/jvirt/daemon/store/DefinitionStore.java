package io.jvirt.daemon.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Persistent domain definitions as libvirt XML files ({@code domains/NAME.xml}) and
 * autostart marks ({@code autostart/NAME}), readable and backed up like libvirt's
 * {@code /etc/libvirt/qemu}.
 *
 * <p>A change is durable when {@link #save} or {@link #delete} returns: it is first
 * group-committed to a {@link DefinitionJournal} (one fdatasync for all concurrent
 * callers), then the XML file is replaced atomically (temp file, rename) by a background
 * writer. Writers are partitioned by name, so changes to one name apply in order. The
 * journal is emptied only after a syncfs has made every file it covers durable: at
 * start-up (after replaying it over the files), at close, and when it grows large.
 *
 * <p>Names are validated by the model before they reach this class (no '/', no '..'),
 * and are checked here again so a file can never land outside its directory.
 */
public final class DefinitionStore implements AutoCloseable {
    private static final int WRITERS = 4;
    private static final long TRUNCATE_AT = 16L * 1024 * 1024;

    private final Path domains;
    private final Path autostart;
    private final DefinitionJournal journal;
    private final ExecutorService[] writers = new ExecutorService[WRITERS];
    private final ReadWriteLock truncation = new ReentrantReadWriteLock();
    private final AtomicLong inflight = new AtomicLong();

    public DefinitionStore(Path stateDir) throws IOException {
        this.domains = Files.createDirectories(stateDir.resolve("domains"));
        this.autostart = Files.createDirectories(stateDir.resolve("autostart"));
        this.journal = new DefinitionJournal(stateDir.resolve("domains.journal"));
        List<DefinitionJournal.Entry> replay = journal.replay();
        for (DefinitionJournal.Entry e : replay) {
            apply(e.op(), e.name(), e.xml());
        }
        if (!replay.isEmpty()) {
            checkpoint();
        }
        journal.truncate();
        for (int i = 0; i < WRITERS; i++) {
            writers[i] = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("defs-writer-" + i).factory());
        }
    }

    private void apply(DefinitionJournal.Op op, String name, String xml) throws IOException {
        switch (op) {
            case PUT -> AtomicFiles.writeUnsynced(fileOf(name), xml.getBytes(StandardCharsets.UTF_8));
            case DELETE -> Files.deleteIfExists(fileOf(name));
        }
    }

    /** Makes every file written so far durable, then empties the journal. */
    private void checkpoint() throws IOException {
        AtomicFiles.syncFileSystem(domains);
        journal.truncate();
    }

    /** Journals a change (durable on return) and hands the file update to the name's writer. */
    private void change(DefinitionJournal.Op op, String name, String xml) throws IOException {
        fileOf(name); // refuse unsafe names before anything is written
        truncation.readLock().lock();
        try {
            inflight.incrementAndGet();
            try {
                journal.append(op, name, xml);
            } catch (IOException e) {
                inflight.decrementAndGet();
                throw e;
            }
        } finally {
            truncation.readLock().unlock();
        }
        writers[Math.floorMod(name.hashCode(), WRITERS)].execute(() -> {
            try {
                apply(op, name, xml);
            } catch (IOException e) {
                java.util.logging.Logger.getLogger(DefinitionStore.class.getName())
                        .warning("cannot write " + fileOf(name) + " (the journal keeps the change): " + e.getMessage());
                return; // keep it inflight: the journal is not emptied and replays it at the next start
            }
            if (inflight.decrementAndGet() == 0) {
                maybeTruncate();
            }
        });
    }

    private void maybeTruncate() {
        try {
            if (journal.size() < TRUNCATE_AT || !truncation.writeLock().tryLock()) {
                return;
            }
            try {
                if (inflight.get() == 0) {
                    checkpoint();
                }
            } finally {
                truncation.writeLock().unlock();
            }
        } catch (IOException e) {
            java.util.logging.Logger.getLogger(DefinitionStore.class.getName())
                    .warning("cannot empty the definition journal: " + e.getMessage());
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

    /** Waits until every XML file reflects the journal, then empties it. */
    @Override
    public void close() throws IOException {
        for (ExecutorService w : writers) {
            w.shutdown();
        }
        for (ExecutorService w : writers) {
            try {
                w.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (inflight.get() == 0) {
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
