package io.jvirt.it;

import io.jvirt.api.DomainJobInfo;
import io.jvirt.client.HostCapsClient;
import io.jvirt.client.JvirtClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * domjobinfo and domjobabort with the busybox guest: a save of a guest whose memory is full of
 * data shows its progress while QEMU writes, domjobabort stops it, and the guest runs on with
 * its memory as it was and no save file left; domjobinfo --completed then tells it was cancelled.
 * The save of a paused guest aborted the same way leaves it paused, and no file.
 */
class DomainJobIT extends DaemonTest {
    private static final Duration CMD = Duration.ofSeconds(120);

    private Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(sock, args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    @Test
    void aSaveShowsItsProgressAndAnAbortLeavesTheGuestRunningAndNoFile() throws Exception {
        Path xml = tmp.resolve("jb.xml");
        Files.writeString(xml, TestGuest.xml("jb", "").replace("<memory unit='MiB'>192</memory>",
                "<memory unit='MiB'>1536</memory>"));
        ok("define", xml.toString());
        ok("start", "jb");
        Path image = tmp.resolve("jb.save");
        try (JvirtClient c = daemon.client()) {
            waitForConsole(c, "jb", TestGuest.READY);
            try (GuestShell sh = new GuestShell(c, "jb")) {
                // 511 MiB of data the save must write (zero pages would cost it nothing): a random
                // MiB doubled eight times, each copy kept in the RAM-backed root file system
                GuestShell.Result fill = sh.run("dd if=/dev/urandom of=/f0 bs=1M count=1 2>/dev/null; i=0; "
                        + "while [ $i -lt 8 ]; do cat /f$i /f$i > /f$((i+1)); i=$((i+1)); done; "
                        + "echo kept-in-ram > /tmp/mark; echo FILL$((0))ED", CMD);
                assertThat(fill.output()).contains("FILL0ED");
            }
            assertThat(ok("domjobinfo", "jb").out()).isEqualTo("Job type:         None        \n\n");

            HostCapsClient jobs = new HostCapsClient(c);
            CompletableFuture<Cli.Result> save = CompletableFuture.supplyAsync(
                    () -> Cli.run(sock, "save", "jb", image.toString()));
            DomainJobInfo seen = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !save.isDone()) {
                DomainJobInfo j = jobs.jobInfo("jb", false, false);
                if (j.type() == DomainJobInfo.Type.UNBOUNDED && j.memoryProcessed() > (16L << 20)) {
                    seen = j;
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(seen).as("the save's progress while QEMU writes").isNotNull();
            assertThat(seen.operation()).isEqualTo("Save");
            assertThat(seen.memoryTotal()).isGreaterThanOrEqualTo(1536L << 20);
            assertThat(seen.dataProcessed()).isEqualTo(seen.memoryProcessed());
            DomainJobInfo aborted = jobs.abortJob("jb");
            assertThat(aborted.operation()).isEqualTo("Save");

            Cli.Result saved = save.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(saved.exit()).as(saved.out() + saved.err()).isEqualTo(1);
            assertThat(saved.err()).contains("abort");
            assertThat(Files.exists(image)).as("no save image").isFalse();
            assertThat(Files.exists(tmp.resolve("jb.save.part"))).as("no partial image").isFalse();
            assertThat(ok("domstate", "--reason", "jb").out()).isEqualTo("running (save canceled)\n\n");
            try (GuestShell sh = new GuestShell(c, "jb")) {
                assertThat(sh.run("cat /tmp/mark", CMD).output()).contains("kept-in-ram");
            }

            String completed = ok("domjobinfo", "jb", "--completed", "--keep-completed").out();
            assertThat(completed).isEqualTo("Job type:         Cancelled   \nOperation:        Save        \n\n");
            String any = ok("domjobinfo", "jb", "--completed", "--anystats").out();
            assertThat(any).startsWith("Job type:         Cancelled   \nOperation:        Save        \n"
                    + "Time elapsed:     ").contains("Memory processed: ").contains("Error message:    ");
            assertThat(ok("domjobinfo", "jb", "--completed").out()).as("forgotten once read without --keep-completed")
                    .isEqualTo("Job type:         None        \n\n");

            // the save of a paused guest, aborted mid-write: no file, and the guest stays paused
            ok("suspend", "jb");
            CompletableFuture<Cli.Result> pausedSave = CompletableFuture.supplyAsync(
                    () -> Cli.run(sock, "save", "jb", image.toString()));
            DomainJobInfo writing = null;
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !pausedSave.isDone()) {
                DomainJobInfo j = jobs.jobInfo("jb", false, false);
                if (j.type() == DomainJobInfo.Type.UNBOUNDED && j.memoryProcessed() > (16L << 20)) {
                    writing = j;
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(writing).as("the paused guest's save was writing").isNotNull();
            jobs.abortJob("jb");
            Cli.Result abortedPaused = pausedSave.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(abortedPaused.exit()).as(abortedPaused.out() + abortedPaused.err()).isEqualTo(1);
            assertThat(Files.exists(image)).as("no save image").isFalse();
            assertThat(Files.exists(tmp.resolve("jb.save.part"))).as("no partial image").isFalse();
            assertThat(ok("domstate", "jb").out()).as("paused before, paused after").isEqualTo("paused\n\n");
            ok("resume", "jb");
            try (GuestShell sh = new GuestShell(c, "jb")) {
                assertThat(sh.run("cat /tmp/mark", CMD).output()).contains("kept-in-ram");
            }
            ok("domjobinfo", "jb", "--completed");

            // a memory-only dump: QEMU's own progress; QEMU cannot stop it, so the abort is refused
            Path core = tmp.resolve("jb.core");
            CompletableFuture<Cli.Result> dump = CompletableFuture.supplyAsync(
                    () -> Cli.run(sock, "dump", "--memory-only", "jb", core.toString()));
            DomainJobInfo dumping = null;
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !dump.isDone()) {
                DomainJobInfo j = jobs.jobInfo("jb", false, false);
                if (j.type() == DomainJobInfo.Type.UNBOUNDED && j.memoryProcessed() > 0) {
                    dumping = j;
                    break;
                }
                Thread.sleep(5);
            }
            System.out.println("DomainJobIT: save progress seen " + seen + "; dump progress seen " + dumping);
            if (dumping != null) {
                assertThat(dumping.operation()).isEqualTo("Dump");
                assertThat(dumping.memoryTotal()).isGreaterThan(dumping.memoryProcessed());
                Cli.Result refused = Cli.run(sock, "domjobabort", "jb");
                if (!dump.isDone()) {
                    assertThat(refused.exit()).isEqualTo(1);
                    assertThat(refused.err()).contains("cannot be aborted: QEMU cannot stop a memory-only dump");
                }
            }
            assertThat(dump.get(120, java.util.concurrent.TimeUnit.SECONDS).exit()).isZero();
            assertThat(Files.size(core)).isGreaterThan(1500L << 20);
            assertThat(ok("domjobinfo", "jb", "--completed").out()).startsWith("Job type:         Completed   \n"
                    + "Operation:        Dump        \nTime elapsed:     ").contains("Memory total:     1.500 GiB");

            Cli.Result none = Cli.run(sock, "domjobabort", "jb");
            assertThat(none.exit()).isEqualTo(1);
            assertThat(none.err()).isEqualTo("error: Domain 'jb' runs no job, so there is nothing to abort.\n");
        }
    }
}
