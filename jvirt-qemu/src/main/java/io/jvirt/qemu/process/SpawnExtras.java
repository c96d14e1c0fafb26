package io.jvirt.qemu.process;

import io.jvirt.sys.Spawn;
import java.util.List;
import java.util.Map;

/**
 * What a QEMU process gets beyond its command line: descriptors the daemon opened for it (a
 * macvtap's {@code /dev/tapN} at the number the command line names) and variables added to its
 * environment (libvirt's {@code <qemu:env>}).
 *
 * @param fds the descriptors to pass
 * @param env the variables to add
 */
public record SpawnExtras(List<Spawn.Fd> fds, Map<String, String> env) {

    /** Nothing beyond the command line. */
    public static final SpawnExtras NONE = new SpawnExtras(List.of(), Map.of());

    /** Copies the collections. */
    public SpawnExtras {
        fds = List.copyOf(fds);
        env = Map.copyOf(env);
    }

    /** Returns whether there is nothing beyond the command line. */
    public boolean isEmpty() {
        return fds.isEmpty() && env.isEmpty();
    }
}
