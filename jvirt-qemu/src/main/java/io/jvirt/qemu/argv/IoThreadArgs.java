package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.IoThreadsDef;
import java.util.List;

/**
 * Renders the I/O threads: an {@code iothread} object {@code iothreadN} per I/O thread (with its
 * worker pool bounds), which disks and controllers name with {@code iothread='N'}, and the
 * {@code main-loop} object for {@code <defaultiothread>}.
 */
final class IoThreadArgs {

    private IoThreadArgs() {
    }

    /** The QEMU id of I/O thread {@code id}. */
    static String alias(int id) {
        return "iothread" + id;
    }

    static void add(List<String> argv, DomainDef def) {
        IoThreadsDef io = def.tuning().iothreads();
        for (IoThreadsDef.IoThread t : io.ids()) {
            argv.add("-object");
            argv.add(Opts.of("iothread").add("id", alias(t.id())).add("thread-pool-min", t.poolMin())
                    .add("thread-pool-max", t.poolMax()).toString());
        }
        if (io.defaultThread() != null) {
            argv.add("-object");
            argv.add(Opts.of("main-loop").add("id", "main-loop").add("thread-pool-min", io.defaultThread().poolMin())
                    .add("thread-pool-max", io.defaultThread().poolMax()).toString());
        }
    }
}
