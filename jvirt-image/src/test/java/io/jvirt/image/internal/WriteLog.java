package io.jvirt.image.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fault-injecting file layer, first half: an {@link FileAccess.Opener} that passes every
 * call to the real file and records, in one global order, each write, length change and
 * fsync the engine makes, plus the content each file had before its first open. {@link
 * CrashImages} then rebuilds the files as a crash at any point of the log would leave them.
 * Bind it with {@code ScopedValue.where(FileAccess.OPENER, log).run(...)}.
 */
public final class WriteLog implements FileAccess.Opener {

    /** One recorded effect on a file. */
    public sealed interface Op {
        /** @return the file */
        Path file();
    }

    /**
     * A write.
     *
     * @param file the file
     * @param position offset
     * @param data bytes written
     */
    public record Write(Path file, long position, byte[] data) implements Op {
    }

    /**
     * A length change (truncate on open, or setting the length).
     *
     * @param file the file
     * @param length new length
     */
    public record SetLength(Path file, long length) implements Op {
    }

    /**
     * An fsync: every earlier effect on the file is durable.
     *
     * @param file the file
     */
    public record Sync(Path file) implements Op {
    }

    private final List<Op> ops = new ArrayList<>();
    private final Map<Path, byte[]> before = new LinkedHashMap<>();

    @Override
    public synchronized FileAccess open(Path path, Set<? extends OpenOption> options) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        if (!before.containsKey(key)) {
            before.put(key, Files.exists(key) ? Files.readAllBytes(key) : null);
        }
        FileChannel ch = FileChannel.open(path, options);
        if (options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            add(new SetLength(key, 0));
        }
        return new Recorded(key, FileAccess.of(ch));
    }

    /** @return the effects so far, in order */
    public synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    /** @return each file opened, with its content before (null when it did not exist) */
    public synchronized Map<Path, byte[]> before() {
        return new LinkedHashMap<>(before);
    }

    private synchronized void add(Op op) {
        ops.add(op);
    }

    /** A file whose effects are recorded. */
    private final class Recorded implements FileAccess {
        private final Path key;
        private final FileAccess real;

        Recorded(Path key, FileAccess real) {
            this.key = key;
            this.real = real;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            byte[] data = new byte[src.remaining()];
            src.duplicate().get(data);
            int n = real.write(src, position);
            byte[] done = n == data.length ? data : Arrays.copyOf(data, n);
            add(new Write(key, position, done));
            return n;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public void setLength(long length) throws IOException {
            real.setLength(length);
            add(new SetLength(key, length));
        }

        @Override
        public void force() throws IOException {
            real.force();
            add(new Sync(key));
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }
}
