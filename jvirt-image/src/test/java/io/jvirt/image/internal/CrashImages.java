package io.jvirt.image.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * A fault-injecting file layer, second half: rebuilds the files of a {@link WriteLog} as a
 * crash would leave them. A crash at point {@code k} (after the first k effects of the log)
 * keeps, per file, everything up to the file's last fsync before k, and of the effects after
 * that fsync only those the {@link Loss} keeps: none, all, or a random subset of 4 KiB pieces
 * (the page cache writes pages back in any order, so any subset may have reached the disk).
 */
public final class CrashImages {

    /** Granularity of what may be lost: the page size. */
    public static final int PAGE = 4096;

    private CrashImages() {
    }

    /** What happens to the effects since a file's last fsync. */
    public sealed interface Loss {
    }

    /** Every unsynced effect is lost. */
    public record DropAll() implements Loss {
    }

    /** Every unsynced effect reached the disk (no loss, the state at the crash point). */
    public record KeepAll() implements Loss {
    }

    /**
     * Each 4 KiB piece of each unsynced write, and each unsynced length change, is kept with a
     * probability.
     *
     * @param random the choices
     * @param keep probability of keeping a piece
     */
    public record KeepSome(Random random, double keep) implements Loss {
    }

    /**
     * @param ops the log
     * @return the crash points worth trying: just before each fsync (any subset of that
     *         fsync's epoch may be on the disk) and the end of the log
     */
    public static List<Integer> syncPoints(List<WriteLog.Op> ops) {
        List<Integer> points = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof WriteLog.Sync) {
                points.add(i);
            }
        }
        points.add(ops.size());
        return points;
    }

    /**
     * Writes the files as a crash would leave them.
     *
     * @param log what was recorded
     * @param point crash point: the number of effects of the log that happened
     * @param loss what happens to unsynced effects
     * @param map where each recorded file goes (its crash image)
     * @return the crash image of each file the log changed (null content: the file did not
     *         exist and was never made durable); files it only read are left alone
     * @throws IOException on write failure
     */
    public static Map<Path, byte[]> build(WriteLog log, int point, Loss loss, Function<Path, Path> map)
            throws IOException {
        List<WriteLog.Op> ops = log.ops();
        Map<Path, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<Path, byte[]> e : log.before().entrySet()) {
            Path file = e.getKey();
            if (ops.stream().noneMatch(op -> op.file().equals(file))) {
                continue;
            }
            int lastSync = -1;
            for (int i = 0; i < point; i++) {
                if (ops.get(i).file().equals(file) && ops.get(i) instanceof WriteLog.Sync) {
                    lastSync = i;
                }
            }
            Content content = new Content(e.getValue() == null ? new byte[0] : e.getValue());
            boolean exists = e.getValue() != null;
            for (int i = 0; i < point; i++) {
                WriteLog.Op op = ops.get(i);
                if (!op.file().equals(file)) {
                    continue;
                }
                boolean durable = i < lastSync;
                switch (op) {
                    case WriteLog.Sync s -> { }
                    case WriteLog.SetLength s -> {
                        if (durable || keep(loss)) {
                            content.setLength(s.length());
                        }
                    }
                    case WriteLog.Write w -> apply(content, w, durable, loss);
                }
            }
            Path target = map.apply(file);
            if (exists || lastSync >= 0 || content.length > 0) {
                byte[] bytes = content.bytes();
                Files.write(target, bytes);
                out.put(target, bytes);
            } else {
                Files.deleteIfExists(target);
                out.put(target, null);
            }
        }
        return out;
    }

    private static void apply(Content content, WriteLog.Write w, boolean durable, Loss loss) {
        long pos = w.position();
        byte[] data = w.data();
        int at = 0;
        while (at < data.length) {
            long abs = pos + at;
            int n = (int) Math.min(data.length - at, PAGE - (abs % PAGE));
            if (durable || keep(loss)) {
                content.put(abs, data, at, n);
            }
            at += n;
        }
    }

    /** A file's bytes, growing in place. */
    private static final class Content {
        byte[] buf;
        int length;

        Content(byte[] initial) {
            buf = initial.clone();
            length = initial.length;
        }

        void setLength(long newLength) {
            int n = (int) newLength;
            reserve(n);
            if (n > length) {
                Arrays.fill(buf, length, n, (byte) 0);
            }
            length = n;
        }

        void put(long at, byte[] src, int off, int n) {
            int end = (int) at + n;
            if (end > length) {
                setLength(end);
            }
            System.arraycopy(src, off, buf, (int) at, n);
        }

        private void reserve(int n) {
            if (n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, length);
        }
    }

    private static boolean keep(Loss loss) {
        return switch (loss) {
            case DropAll d -> false;
            case KeepAll k -> true;
            case KeepSome s -> s.random().nextDouble() < s.keep();
        };
    }
}
