package io.jvirt.qemu.helper;

import io.jvirt.conf.domain.FilesystemDef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The virtiofsd command line of a virtiofs share, as libvirt builds it: one
 * {@code -o source=DIR,...} with the {@code <binary>} settings, a thread pool size when given,
 * and the vhost-user socket QEMU connects to (jvirt passes a path where libvirt passes a file
 * descriptor). virtiofsd ends by itself when QEMU disconnects.
 */
public final class VirtiofsdCommand {

    /** Where Debian 12's QEMU package installs virtiofsd. */
    public static final String DEFAULT_BINARY = "/usr/lib/qemu/virtiofsd";

    private VirtiofsdCommand() {
    }

    /**
     * Returns the binary a share uses.
     *
     * @param fs the share
     * @param hostDefault the binary of this host, used when the share names none
     * @return the binary
     */
    public static String binary(FilesystemDef fs, String hostDefault) {
        return fs.binary() != null && fs.binary().path() != null ? fs.binary().path() : hostDefault;
    }

    /**
     * Builds the argv.
     *
     * @param binary the virtiofsd binary
     * @param fs the share
     * @param socket the socket to listen on
     * @return the argv, binary first
     */
    public static List<String> argv(String binary, FilesystemDef fs, Path socket) {
        List<String> a = new ArrayList<>();
        a.add(binary);
        a.add("--socket-path=" + socket);
        StringBuilder o = new StringBuilder("source=").append(fs.sourceDir().replace(",", "\\,"));
        FilesystemDef.Binary b = fs.binary();
        if (b != null) {
            if (b.cache() != null) {
                o.append(",cache=").append(b.cache().xml());
            }
            if (b.sandbox() != null) {
                o.append(",sandbox=").append(b.sandbox().xml());
            }
            if (b.xattr() != null) {
                o.append(b.xattr() ? ",xattr" : ",no_xattr");
            }
            if (b.flock() != null) {
                o.append(b.flock() ? ",flock" : ",no_flock");
            }
            if (b.posixLock() != null) {
                o.append(b.posixLock() ? ",posix_lock" : ",no_posix_lock");
            }
        }
        a.add("-o");
        a.add(o.toString());
        if (b != null && b.threadPoolSize() != null) {
            a.add("--thread-pool-size=" + b.threadPoolSize());
        }
        return List.copyOf(a);
    }
}
