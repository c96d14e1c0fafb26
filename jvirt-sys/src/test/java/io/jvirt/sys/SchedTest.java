package io.jvirt.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The scheduler calls on threads of this JVM, checked against what /proc says of them. */
class SchedTest {

    /** Runs {@code body} with the id of a fresh platform thread that waits until it is done. */
    private static void onThread(ThrowingConsumer body) throws Exception {
        CompletableFuture<Long> tid = new CompletableFuture<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                tid.complete(Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName()
                        .toString()));
                done.await();
            } catch (Exception e) {
                tid.completeExceptionally(e);
            }
        });
        try {
            body.accept(tid.get(5, TimeUnit.SECONDS));
        } finally {
            done.countDown();
            t.join();
        }
    }

    interface ThrowingConsumer {
        void accept(long tid) throws Exception;
    }

    private static String status(long tid, String key) throws Exception {
        long pid = ProcessHandle.current().pid();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/task/" + tid + "/status"))) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).strip();
            }
        }
        throw new AssertionError("no " + key + " in the status of thread " + tid);
    }

    @Test
    void pinsAThreadToOneCpu() throws Exception {
        onThread(tid -> {
            BitSet before = Sched.affinity(tid);
            int first = before.nextSetBit(0);
            Sched.setAffinity(tid, BitSet.valueOf(new long[] {1L << first}));
            assertThat(status(tid, "Cpus_allowed_list")).isEqualTo(Integer.toString(first));
            assertThat(Sched.affinity(tid).cardinality()).isEqualTo(1);
            Sched.setAffinity(tid, before);
            assertThat(Sched.affinity(tid)).isEqualTo(before);
        });
    }

    @Test
    void refusesASetWithoutAnOnlineCpu() throws Exception {
        onThread(tid -> {
            BitSet far = new BitSet();
            far.set(16000);
            assertThatThrownBy(() -> Sched.setAffinity(tid, far)).isInstanceOfSatisfying(Sched.SchedException.class,
                    e -> assertThat(e.errno()).isEqualTo(22));
        });
    }

    @Test
    void setsBatchAndIdlePolicies() throws Exception {
        onThread(tid -> {
            Sched.setScheduler(tid, Sched.SCHED_BATCH, 0);
            assertThat(Sched.scheduler(tid)).isEqualTo(Sched.SCHED_BATCH);
            Sched.setScheduler(tid, Sched.SCHED_IDLE, 0);
            assertThat(Sched.scheduler(tid)).isEqualTo(Sched.SCHED_IDLE);
            assertThatThrownBy(() -> Sched.setScheduler(tid, Sched.SCHED_FIFO, 0))
                    .isInstanceOfSatisfying(Sched.SchedException.class, e -> assertThat(e.errno()).isEqualTo(22));
        });
    }

    @Test
    void reportsAThreadThatIsGone() {
        assertThatThrownBy(() -> Sched.affinity(Integer.MAX_VALUE - 1)).isInstanceOfSatisfying(
                Sched.SchedException.class, e -> assertThat(e.errno()).isEqualTo(3));
    }
}
