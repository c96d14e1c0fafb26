package io.jvirt.image.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/** Small source images for interoperability tests. */
final class Fixtures {

    static final long SIZE = 8L << 20;

    private Fixtures() {
    }

    /** A sparse 8 MiB raw file: random chunks, compressible text, a zero-filled run, holes. */
    static Path source(Path dir) throws IOException {
        Path p = dir.resolve("src.raw");
        Random r = new Random(42);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(SIZE);
            byte[] rnd = new byte[300_000];
            r.nextBytes(rnd);
            f.seek(0);
            f.write(rnd);
            f.seek(3_000_001);
            f.write(rnd, 0, 70_000);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; sb.length() < 1_000_000; i++) {
                sb.append("line ").append(i).append('\n');
            }
            f.seek(5L << 20);
            f.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            f.seek(7L << 20);
            f.write(new byte[200_000]);
            f.seek(SIZE - 10);
            f.write(rnd, 0, 10);
        }
        return p;
    }
}
