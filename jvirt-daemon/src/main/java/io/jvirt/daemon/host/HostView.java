package io.jvirt.daemon.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's {@code /sys} and {@code /dev} as the device checks read them, and the sysfs files
 * the VFIO binding writes: a seam whose roots tests point at a fake tree (and whose writes a test
 * can answer as the kernel would). Paths are relative to the root, as in
 * {@code bus/pci/devices/0000:06:12.5/driver}.
 */
public interface HostView {

    /** This host. */
    HostView SYSTEM = of(Path.of("/sys"), Path.of("/dev"));

    /**
     * A view of two directory trees.
     *
     * @param sys the sysfs root, {@code /sys} on a real host
     * @param dev the device root, {@code /dev} on a real host
     * @return the view
     */
    static HostView of(Path sys, Path dev) {
        return new Dirs(sys, dev);
    }

    /** Returns the device root. */
    Path dev();

    /** Returns whether a sysfs entry exists (a dangling link does not). */
    boolean sysExists(String path);

    /** Returns whether a device node (or any entry under the device root) exists. */
    boolean devExists(String path);

    /** Returns a sysfs attribute's text without its trailing newline, or null when it cannot be read. */
    String read(String path);

    /** Returns the name a sysfs link points at (its last path element), or null when it is no link. */
    String linkName(String path);

    /** Returns the names in a sysfs directory, sorted; empty when it does not exist. */
    List<String> list(String path);

    /**
     * Writes a sysfs attribute, as the kernel's driver binding interface expects (one write).
     *
     * @param path the attribute
     * @param value the text
     * @throws UncheckedIOException when the kernel refuses it
     */
    void write(String path, String value);

    /**
     * The view of two directory trees.
     *
     * @param sys the sysfs root
     * @param dev the device root
     */
    record Dirs(Path sys, Path dev) implements HostView {

        @Override
        public boolean sysExists(String path) {
            return Files.exists(sys.resolve(path));
        }

        @Override
        public boolean devExists(String path) {
            return Files.exists(dev.resolve(path));
        }

        @Override
        public String read(String path) {
            try {
                return Files.readString(sys.resolve(path)).strip();
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public String linkName(String path) {
            Path p = sys.resolve(path);
            if (!Files.isSymbolicLink(p)) {
                return null;
            }
            try {
                return Files.readSymbolicLink(p).getFileName().toString();
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public List<String> list(String path) {
            List<String> out = new ArrayList<>();
            Path d = sys.resolve(path);
            if (!Files.isDirectory(d)) {
                return out;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                ds.forEach(p -> out.add(p.getFileName().toString()));
            } catch (IOException e) {
                return out;
            }
            out.sort(null);
            return out;
        }

        @Override
        public void write(String path, String value) {
            try {
                Files.writeString(sys.resolve(path), value);
            } catch (IOException e) {
                throw new UncheckedIOException("writing '" + value.strip() + "' to " + sys.resolve(path)
                        + " failed: " + e.getMessage(), e);
            }
        }
    }
}
