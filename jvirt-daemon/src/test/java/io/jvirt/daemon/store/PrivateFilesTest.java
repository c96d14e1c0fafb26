package io.jvirt.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything the stores write is private from its creation; an older layout is made private at start. */
class PrivateFilesTest {
    @TempDir
    Path tmp;

    @Test
    void definitionsJournalsMarksAndRunFilesAreCreatedPrivate() throws Exception {
        Path state = PrivateFiles.createDirectories(tmp.resolve("a/state"));
        try (DefinitionStore s = new DefinitionStore(state); DefinitionStore nets = DefinitionStore.of(state, "networks")) {
            s.save("vm", "<domain><name>vm</name></domain>");
            s.setAutostart("vm", true);
            nets.save("n", "<network/>");
            s.awaitWritten();
            nets.awaitWritten();
            assertThat(mode(state.resolve("domains.journal"))).isEqualTo("rw-------");
            assertThat(mode(state.resolve("networks.journal"))).isEqualTo("rw-------");
        }
        assertThat(mode(tmp.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(state)).isEqualTo("rwx------");
        for (String dir : new String[] {"domains", "autostart", "networks", "networks/autostart"}) {
            assertThat(mode(state.resolve(dir))).as(dir).isEqualTo("rwx------");
        }
        for (String file : new String[] {"domains/vm.xml", "autostart/vm", "networks/n.xml"}) {
            assertThat(mode(state.resolve(file))).as(file).isEqualTo("rw-------");
        }

        RuntimeStore run = new RuntimeStore(state);
        UUID u = UUID.randomUUID();
        Path dir = run.prepare(u);
        run.save(u, new RuntimeRecord(1, 2, 3, "tcg", null, false), "<domain/>");
        assertThat(mode(state.resolve("run"))).isEqualTo("rwx------");
        assertThat(mode(dir)).isEqualTo("rwx------");
        for (String file : new String[] {"qemu.log", "console.log", "live.xml", "runtime.json"}) {
            assertThat(mode(dir.resolve(file))).as(file).isEqualTo("rw-------");
        }
    }

    @Test
    void tightenMakesAnOlderReadableLayoutPrivateAndLeavesTheImagesAlone() throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        String[] dirs = {"domains", "autostart", "run", "run/0b7c5f1e-6a0d-4c1e-9d8e-3f2a1b0c9d8e", "networks-run",
                "pools", "images"};
        String[] files = {"domains/vm.xml", "domains.journal", "autostart/vm", "run/0b7c5f1e-6a0d-4c1e-9d8e-3f2a1b0c9d8e/live.xml",
                "pools/default.xml", "jvirtd.log", "images/disk.qcow2", "notes.txt"};
        for (String d : dirs) {
            Files.createDirectories(state.resolve(d));
            Files.setPosixFilePermissions(state.resolve(d), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (String f : files) {
            Files.writeString(state.resolve(f), "passwd='secret'");
            Files.setPosixFilePermissions(state.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }

        assertThat(PrivateFiles.tighten(state)).isEqualTo(12);

        for (String d : dirs) {
            assertThat(mode(state.resolve(d))).as(d).isEqualTo(d.equals("images") ? "rwxr-xr-x" : "rwx------");
        }
        for (String f : files) {
            boolean notOurs = f.startsWith("images/") || f.equals("notes.txt");
            assertThat(mode(state.resolve(f))).as(f).isEqualTo(notOurs ? "rw-r--r--" : "rw-------");
        }
        assertThat(mode(state)).as("an existing state directory keeps its own mode").isEqualTo("rwxr-xr-x");
        assertThat(PrivateFiles.tighten(state)).as("nothing left to change").isZero();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
