package io.jvirt.cli.install;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Puts a {@code --location} install's kernel and initrd where the first boot reads them: copied
 * out of the ISO (jvirt's own ISO 9660 reader, no mount, no external tool) or the tree, or
 * downloaded from the tree's web server, with the {@code --initrd-inject} files appended to the
 * initrd as a second cpio archive (the kernel unpacks concatenated archives in order, so the files
 * land at the initramfs's root).
 */
class InstallMediaStager {
    private final Supplier<HttpTree> httpFactory;
    private HttpTree http;

    /**
     * A stager that downloads with {@link HttpTree#standard()}, made only when a tree is on a web
     * server: an HTTP client starts a selector thread that makes the JVM's exit wait ~0.3 s.
     */
    InstallMediaStager() {
        this.httpFactory = HttpTree::standard;
    }

    /**
     * A stager.
     *
     * @param http downloads the files of a tree on a web server
     */
    InstallMediaStager(HttpTree http) {
        this.httpFactory = () -> http;
    }

    /**
     * Stages the files.
     *
     * @param media what to stage
     * @return the files written (to remove once the guest has started)
     * @throws IOException when reading, downloading or writing fails
     */
    List<Path> stage(InstallPlan.KernelMedia media) throws IOException {
        List<Path> written = new ArrayList<>();
        try {
            switch (media.source()) {
                case TreeSource.Iso(Path isoFile) -> {
                    try (IsoImage iso = IsoImage.open(isoFile)) {
                        write(media.kernel(), bytes(iso, media.kernelInSource()), written);
                        write(media.initrd(), bytes(iso, media.initrdInSource()), written);
                    }
                }
                case TreeSource.Directory(Path dir) -> {
                    write(media.kernel(), Files.readAllBytes(dir.resolve(media.kernelInSource())), written);
                    write(media.initrd(), Files.readAllBytes(dir.resolve(media.initrdInSource())), written);
                }
                case TreeSource.Url(URI base) -> {
                    download(base.resolve(media.kernelInSource()), media.kernel(), written);
                    download(base.resolve(media.initrdInSource()), media.initrd(), written);
                }
            }
            if (!media.inject().isEmpty()) {
                try (OutputStream out = Files.newOutputStream(media.initrd(), StandardOpenOption.APPEND)) {
                    Cpio.write(out, media.inject());
                }
            }
            return written;
        } catch (IOException | RuntimeException e) {
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
    }

    private void download(URI url, Path file, List<Path> written) throws IOException {
        create(file, written);
        if (http == null) {
            http = httpFactory.get();
        }
        http.download(url, file);
    }

    private static byte[] bytes(IsoImage iso, String path) throws IOException {
        IsoImage.Entry e = iso.find(path);
        if (e == null) {
            throw new IOException("The ISO has no " + path + ".");
        }
        return iso.read(e);
    }

    private static void write(Path file, byte[] data, List<Path> written) throws IOException {
        create(file, written);
        Files.write(file, data);
    }

    /** A new empty file that QEMU, running as another user, can read. */
    private static void create(Path file, List<Path> written) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        written.add(file);
    }

    /** A cpio archive in the "newc" format the kernel's initramfs unpacker reads. */
    static final class Cpio {
        private Cpio() {
        }

        static void write(OutputStream out, List<Path> files) throws IOException {
            int ino = 1;
            for (Path f : files) {
                byte[] data = Files.readAllBytes(f);
                entry(out, f.getFileName().toString(), 0100644, data, ino++);
            }
            entry(out, "TRAILER!!!", 0, new byte[0], 0);
        }

        private static void entry(OutputStream out, String name, int mode, byte[] data, int ino) throws IOException {
            byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
            String header = String.format("070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", ino, mode, 0, 0,
                    1, 0, data.length, 0, 0, 0, 0, nameBytes.length, 0);
            byte[] h = header.getBytes(StandardCharsets.US_ASCII);
            out.write(h);
            out.write(nameBytes);
            pad(out, h.length + nameBytes.length);
            out.write(data);
            pad(out, data.length);
        }

        private static void pad(OutputStream out, int len) throws IOException {
            int rem = (4 - len % 4) % 4;
            out.write(new byte[rem]);
        }
    }
}
