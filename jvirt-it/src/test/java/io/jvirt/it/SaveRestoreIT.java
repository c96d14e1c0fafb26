package io.jvirt.it;

import io.jvirt.client.JvirtClient;
import org.junit.jupiter.api.Test;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * save, restore, managedsave and dump with the busybox guest: after a restore and after a
 * managed save and start, the guest goes on (a value in its RAM is still there, its uptime
 * did not start again); damaged save images are refused and change nothing, and so is a save
 * onto a full file system.
 */
class SaveRestoreIT extends DaemonTest {
    private static final Duration CMD = Duration.ofSeconds(30);

    private Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(sock, args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    private static String guest(GuestShell sh, String what) throws Exception {
        GuestShell.Result r = sh.run("echo \"V$((0))AL[$(" + what + ")]\"", CMD);
        Matcher m = Pattern.compile("V0AL\\[([^\\]]*)\\]").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        return m.group(1);
    }

    private static double uptime(GuestShell sh) throws Exception {
        return Double.parseDouble(guest(sh, "cut -d' ' -f1 /proc/uptime"));
    }

    private static int readyCount(JvirtClient c, String name) throws Exception {
        return new String(c.consoleLog(name, 0)).split(TestGuest.READY, -1).length - 1;
    }

    @Test
    void saveRestoreAndManagedSaveLetTheGuestGoOn() throws Exception {
        Path xml = tmp.resolve("sv.xml");
        Files.writeString(xml, TestGuest.xml("sv", ""));
        ok("define", xml.toString());
        ok("start", "sv");
        Path image = tmp.resolve("sv.save");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "sv", TestGuest.READY);
            double up;
            try (GuestShell sh = new GuestShell(c, "sv")) {
                assertThat(sh.run("echo kept-in-ram > /tmp/mark", CMD).ok()).isTrue();
                up = uptime(sh);
            }
            // --bypass-cache: the stream goes to the file with O_DIRECT (and comes back so below)
            assertThat(ok("save", "sv", image.toString(), "--bypass-cache").out())
                    .isEqualTo("\nDomain 'sv' saved to " + image + "\n\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(image)))
                    .as("the guest's memory and secrets are the owner's alone").isEqualTo("rw-------");
            assertThat(ok("domstate", "--reason", "sv").out()).isEqualTo("shut off (saved)\n\n");
            assertThat(ok("save-image-dumpxml", image.toString()).out()).contains("<name>sv</name>");
            assertThat(Files.exists(tmp.resolve("sv.save.part"))).isFalse();

            // damaged images: a clear error, nothing changes
            Path cut = tmp.resolve("cut.save");
            Files.copy(image, cut);
            try (RandomAccessFile f = new RandomAccessFile(cut.toFile(), "rw")) {
                f.setLength(f.length() / 2);
            }
            Cli.Result truncated = Cli.run(sock, "restore", cut.toString());
            assertThat(truncated.exit()).isEqualTo(1);
            assertThat(truncated.err()).startsWith("error: The file " + cut + " cannot be restored: ")
                    .contains("Nothing was changed.");
            Path junk = tmp.resolve("junk.save");
            Files.write(junk, new byte[4096]);
            Cli.Result garbage = Cli.run(sock, "restore", junk.toString());
            assertThat(garbage.exit()).isEqualTo(1);
            assertThat(garbage.err()).contains("cannot be restored").contains("Nothing was changed.");
            assertThat(ok("domstate", "sv").out()).isEqualTo("shut off\n\n");

            assertThat(ok("restore", image.toString(), "--bypass-cache").out())
                    .isEqualTo("Domain restored from " + image + "\n\n");
            assertThat(ok("domstate", "--reason", "sv").out()).isEqualTo("running (restored)\n\n");
            try (GuestShell sh = new GuestShell(c, "sv")) {
                assertThat(guest(sh, "cat /tmp/mark")).isEqualTo("kept-in-ram");
                double after = uptime(sh);
                assertThat(after).as("no reboot").isGreaterThanOrEqualTo(up);
                up = after;
            }
            assertThat(readyCount(c, "sv")).as("the restored QEMU's console shows no boot").isZero();

            // managed save: start goes on from it and removes it
            assertThat(ok("managedsave", "sv").out()).isEqualTo("\nDomain 'sv' state saved by libvirt\n\n");
            assertThat(ok("list", "--all", "--managed-save").out()).containsPattern(" -\\s+sv\\s+saved\\s*\\n");
            assertThat(ok("list", "--all", "--with-managed-save", "--name").out()).isEqualTo("sv\n\n");
            assertThat(ok("dominfo", "sv").out()).contains("Managed save:   yes");
            ok("start", "sv");
            assertThat(ok("dominfo", "sv").out()).contains("Managed save:   no");
            try (GuestShell sh = new GuestShell(c, "sv")) {
                assertThat(guest(sh, "cat /tmp/mark")).isEqualTo("kept-in-ram");
                assertThat(uptime(sh)).as("no reboot").isGreaterThanOrEqualTo(up);
            }
            assertThat(readyCount(c, "sv")).as("no boot after the managed save either").isZero();

            // a save onto a full file system: a clear error, no file, the guest runs on
            Path full = Files.createDirectories(tmp.resolve("full"));
            assertThat(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", full.toString())
                    .inheritIO().start().waitFor()).isZero();
            try {
                Cli.Result noSpace = Cli.run(sock, "save", "sv", full.resolve("sv.save").toString());
                assertThat(noSpace.exit()).isEqualTo(1);
                assertThat(noSpace.err()).startsWith("error: ").contains("'sv'");
                try (var left = Files.list(full)) {
                    assertThat(left.toList()).as("nothing left on the full file system").isEmpty();
                }
                assertThat(ok("domstate", "sv").out()).isEqualTo("running\n\n");
                try (GuestShell sh = new GuestShell(c, "sv")) {
                    assertThat(guest(sh, "cat /tmp/mark")).isEqualTo("kept-in-ram");
                }
            } finally {
                new ProcessBuilder("umount", full.toString()).inheritIO().start().waitFor();
            }

            // dump --memory-only: an ELF core, the guest goes on
            Path core = tmp.resolve("sv.core");
            assertThat(ok("dump", "--memory-only", "sv", core.toString()).out())
                    .isEqualTo("\nDomain 'sv' dumped to " + core + "\n\n");
            byte[] head = new byte[4];
            try (var in = Files.newInputStream(core)) {
                assertThat(in.read(head)).isEqualTo(4);
            }
            assertThat(head).containsExactly(0x7f, 'E', 'L', 'F');
            assertThat(Files.size(core)).isGreaterThan(100L << 20);
            assertThat(ok("domstate", "sv").out()).isEqualTo("running\n\n");

            // managedsave-remove: the next start boots afresh
            ok("managedsave", "sv");
            assertThat(ok("managedsave-remove", "sv").out()).isEqualTo("Removed managedsave image for domain 'sv'\n\n");
            ok("start", "sv");
            waitForConsole(c, "sv", TestGuest.READY);
            assertThat(readyCount(c, "sv")).as("a fresh boot").isEqualTo(1);
        }
    }
}
