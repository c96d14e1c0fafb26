package io.jvirt.daemon.firmware;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates a UEFI variable store from its template: copied to a hidden file beside the store,
 * flushed, then linked into place, which fails rather than replace a file (so a crash leaves
 * either no store or a whole one, and a store made meanwhile is never overwritten), and the
 * directory flushed. The store is private to the daemon's user (mode 0600).
 */
final class NvramStore {

    private NvramStore() {
    }

    /**
     * Creates the store.
     *
     * @return false when a store appeared at that path meanwhile (it is left as it is)
     */
    static boolean createFromTemplate(String domain, Path template, Path store) {
        if (!Files.isReadable(template)) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "' cannot start: the UEFI "
                    + "variable store template " + template + (Files.exists(template) ? " is not readable"
                    : " does not exist") + "; install the firmware package that provides it (ovmf) or fix <nvram "
                    + "template>.");
        }
        Path dir = store.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + store.getFileName() + ".new");
        try {
            Files.createDirectories(dir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel in = FileChannel.open(template, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                long size = in.size();
                long done = 0;
                while (done < size) {
                    done += in.transferTo(done, size - done, out);
                }
                out.force(true);
            }
            Files.createLink(store, tmp);
            Files.delete(tmp);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(tmp);
            return false;
        } catch (NoSuchFileException e) {
            deleteQuietly(tmp);
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "' cannot start: "
                    + e.getFile() + " does not exist.", e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "' cannot start: its UEFI "
                    + "variable store " + store + " cannot be created from " + template + ": " + e.getMessage() + ".",
                    e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing more to do: the start fails with the first problem
        }
    }
}
