package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.argv.Accel;
import io.jvirt.qemu.argv.LaunchContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helper processes of a domain with a fake launcher: what runs, in which order, with which
 * arguments; swtpm_setup only on the first start; a failed start leaves no process and no half
 * TPM state. The "processes" are {@code sleep}s, so the test needs neither root, QEMU, swtpm nor
 * virtiofsd.
 */
class DomainHelpersTest {

    @TempDir
    Path tmp;

    private final List<List<String>> started = new ArrayList<>();
    private final List<List<String>> ran = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private boolean swtpmFails;

    private final HelperLauncher fake = new HelperLauncher() {
        @Override
        public Process start(List<String> argv, Path log) throws IOException {
            started.add(argv);
            boolean fail = swtpmFails && argv.getFirst().equals("swtpm");
            for (String a : argv) {
                String sock = a.startsWith("--socket-path=") ? a.substring(14)
                        : a.startsWith("type=unixio,path=") ? a.substring(17, a.indexOf(",mode")) : null;
                if (sock != null && !fail) {
                    Files.createFile(Path.of(sock));
                }
            }
            Process p = new ProcessBuilder(fail ? List.of("false") : List.of("sleep", "60")).start();
            processes.add(p);
            return p;
        }

        @Override
        public int run(List<String> argv, Path log, Duration timeout) throws IOException {
            ran.add(argv);
            Path state = Path.of(argv.get(argv.indexOf("--tpm-state") + 1));
            Files.writeString(state.resolve("tpm2-00.permall"), "state");
            return 0;
        }
    };

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    private static DomainDef def(String devices) {
        return DomainXml.parse("""
                <domain type='kvm'><name>vm</name><uuid>6ba7b810-9dad-11d1-80b4-00c04fd430c8</uuid>
                <memory unit='MiB'>64</memory><os><type>hvm</type></os><devices>%s</devices></domain>"""
                .formatted(devices));
    }

    private static final String SHARE = """
            <filesystem type='mount'><driver type='virtiofs'/>
              <binary xattr='on'><cache mode='always'/><lock posix='on' flock='off'/><thread_pool size='4'/></binary>
              <source dir='/srv/share'/><target dir='share'/></filesystem>""";
    private static final String TPM = """
            <tpm model='tpm-crb'><backend type='emulator' version='2.0'>
              <active_pcr_banks><sha256/><sha1/></active_pcr_banks></backend></tpm>""";

    private LaunchContext ctx() throws IOException {
        return new LaunchContext(Files.createDirectories(tmp.resolve("run")), Accel.TCG, "/usr/bin/qemu-system-x86_64");
    }

    @Test
    void startsAVirtiofsdPerShareAndASwtpmThatIsSetUpOnce() throws Exception {
        DomainHelpers h = new DomainHelpers(tmp.resolve("state"), fake, "/usr/lib/qemu/virtiofsd");
        DomainDef def = def(SHARE + TPM);
        LaunchContext ctx = ctx();
        DomainHelpers.Running r = h.start("vm", def.uuid(), def, ctx);
        assertThat(started).hasSize(2);
        assertThat(started.get(0)).containsExactly("/usr/lib/qemu/virtiofsd",
                "--socket-path=" + ctx.virtiofsSocket(0), "-o",
                "source=/srv/share,cache=always,xattr,no_flock,posix_lock", "--thread-pool-size=4");
        Path state = tmp.resolve("state/tpm/6ba7b810-9dad-11d1-80b4-00c04fd430c8/tpm2");
        assertThat(ran).singleElement().satisfies(a -> assertThat(a).startsWith("swtpm_setup", "--tpm2")
                .containsSequence("--tpm-state", state.toString())
                .containsSequence("--vmid", "vm:6ba7b810-9dad-11d1-80b4-00c04fd430c8")
                .containsSequence("--pcr-banks", "sha1,sha256"));
        assertThat(started.get(1)).containsExactly("swtpm", "socket", "--ctrl",
                "type=unixio,path=" + ctx.swtpmSocket() + ",mode=0600", "--tpmstate", "dir=" + state + ",mode=0600",
                "--log", "file=" + ctx.runDir().resolve("swtpm.log"), "--terminate", "--tpm2");
        assertThat(Files.getPosixFilePermissions(state)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(r.processes()).allMatch(Process::isAlive);
        r.stop();
        assertThat(r.processes()).noneMatch(Process::isAlive);

        // the second start finds the state and runs no setup
        Files.deleteIfExists(ctx.virtiofsSocket(0));
        Files.deleteIfExists(ctx.swtpmSocket());
        h.start("vm", def.uuid(), def, ctx).stop();
        assertThat(ran).hasSize(1);
        assertThat(h.hasTpmState(def.uuid())).isTrue();
        h.removeTpmState(def.uuid());
        assertThat(h.hasTpmState(def.uuid())).isFalse();
    }

    @Test
    void aFailedStartStopsWhatItStartedAndRemovesTheNewTpmState() throws Exception {
        swtpmFails = true;
        DomainHelpers h = new DomainHelpers(tmp.resolve("state"), fake, "/usr/lib/qemu/virtiofsd");
        DomainDef def = def(SHARE + TPM);
        assertThatThrownBy(() -> h.start("vm", def.uuid(), def, ctx())).isInstanceOf(DaemonException.class)
                .hasMessageStartingWith("domain 'vm' failed to start: the swtpm of its TPM exited with status 1");
        assertThat(processes).hasSize(2).noneMatch(Process::isAlive);
        assertThat(h.hasTpmState(def.uuid())).isFalse();
    }

    @Test
    void aShareServedElsewhereAndA9pShareNeedNoHelper() throws Exception {
        DomainHelpers h = new DomainHelpers(tmp.resolve("state"), fake, "/usr/lib/qemu/virtiofsd");
        DomainDef def = def("""
                <filesystem type='mount'><driver type='virtiofs'/><source socket='/run/vfs.sock'/>
                  <target dir='ext'/></filesystem>
                <filesystem type='mount' accessmode='mapped'><source dir='/srv/a'/><target dir='a'/></filesystem>""");
        assertThat(h.start("vm", def.uuid(), def, ctx()).processes()).isEmpty();
        assertThat(started).isEmpty();
    }
}
