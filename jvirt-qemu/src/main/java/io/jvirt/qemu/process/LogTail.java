package io.jvirt.qemu.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads the last lines of a log file, for error messages that quote what QEMU printed. */
public final class LogTail {
    private LogTail() {
    }

    /** The last {@code maxLines} non-empty lines of {@code file} (at most 4 KiB), joined with "; ". */
    public static String of(Path file, int maxLines) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 4096);
            byte[] buf = new byte[n];
            f.seek(len - n);
            f.readFully(buf);
            String[] lines = new String(buf, StandardCharsets.UTF_8).split("\n");
            StringBuilder sb = new StringBuilder();
            int taken = 0;
            for (int i = lines.length - 1; i >= 0 && taken < maxLines; i--) {
                String l = lines[i].strip();
                if (!l.isEmpty()) {
                    sb.insert(0, taken == 0 ? l : l + "; ");
                    taken++;
                }
            }
            return sb.toString();
        } catch (IOException e) {
            return "";
        }
    }
}
