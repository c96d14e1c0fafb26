package io.jvirt.image.internal;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An {@link FileAccess.Opener} for tests of O_DIRECT: opens the real file (or refuses O_DIRECT
 * as a file system without it does) and records each opening's options and each write made
 * through it. Bind it with {@code ScopedValue.where(FileAccess.OPENER, spy).run(...)}.
 */
public final class OpenSpy implements FileAccess.Opener {

    /** What the spy does with a request for O_DIRECT. */
    public enum Direct {
        /** Opens the file with O_DIRECT. */
        ALLOW,
        /** Throws an IOException, as open(2) with EINVAL. */
        REFUSE_AT_OPEN,
        /** Throws an UnsupportedOperationException, as the JDK when it cannot set O_DIRECT up. */
        REFUSE_AT_SETUP
    }

    /**
     * One write.
     *
     * @param file the file
     * @param direct whether it went through an O_DIRECT opening
     * @param position its offset
     * @param length its length
     */
    public record Write(Path file, boolean direct, long position, int length) {
    }

    /**
     * One opening (or attempt).
     *
     * @param file the file
     * @param options its options
     */
    public record Opening(Path file, Set<OpenOption> options) {
        /** @return whether it asked for O_DIRECT */
        public boolean direct() {
            return options.contains(ExtendedOpenOption.DIRECT);
        }
    }

    private final Direct mode;
    private final List<Opening> openings = new ArrayList<>();
    private final List<Write> writes = new ArrayList<>();

    /** @param mode what to do with a request for O_DIRECT */
    public OpenSpy(Direct mode) {
        this.mode = mode;
    }

    @Override
    public synchronized FileAccess open(Path path, Set<? extends OpenOption> options) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        Opening o = new Opening(key, Set.copyOf(options));
        openings.add(o);
        if (o.direct()) {
            switch (mode) {
                case ALLOW -> { }
                case REFUSE_AT_OPEN -> throw new IOException("Invalid argument");
                case REFUSE_AT_SETUP -> throw new UnsupportedOperationException("Error setting up DirectIO");
            }
        }
        FileAccess real = FileAccess.open(path, options);
        return new FileAccess() {
            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return real.read(dst, position);
            }

            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                int n = real.write(src, position);
                record(new Write(key, o.direct(), position, n));
                return n;
            }

            @Override
            public long size() throws IOException {
                return real.size();
            }

            @Override
            public void setLength(long length) throws IOException {
                real.setLength(length);
            }

            @Override
            public void force() throws IOException {
                real.force();
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }

    private synchronized void record(Write w) {
        writes.add(w);
    }

    /** @return the openings so far, in order */
    public synchronized List<Opening> openings() {
        return List.copyOf(openings);
    }

    /** @return the writes so far, in order */
    public synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    /**
     * @param file a file
     * @param direct through O_DIRECT or not
     * @return the bytes written to it that way
     */
    public synchronized long bytes(Path file, boolean direct) {
        Path key = file.toAbsolutePath().normalize();
        return writes.stream().filter(w -> w.file().equals(key) && w.direct() == direct).mapToLong(Write::length).sum();
    }
}
