// Measures jvirtd's REST API: define latency (sequential) and define throughput (concurrent
// clients, the median of three runs), then undefines what it defined. Run with the jvirt class path:
//   java -cp CP bench/DefineBench.java SOCKET COUNT CLIENTS PREFIX [keep]
// Prints `name: value unit` lines. Other benches reuse its throughput measurement with domains of
// their own (XmlBench: virt-install's Windows 11 definition).
import io.jvirt.client.JvirtClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

public class DefineBench {
    /**
     * The domains a throughput run defines: the i-th (0 <= i < count) is named {@code name(i)} and
     * defined from {@code xml(i)}.
     */
    record Domains(int count, IntFunction<String> name, IntFunction<String> xml) {
    }

    static String xml(String name) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>";
    }

    static Domains minimal(String prefix, int count) {
        return new Domains(count, i -> prefix + i, i -> xml(prefix + i));
    }

    public static void main(String[] a) throws Exception {
        Path sock = Path.of(a[0]);
        int count = Integer.parseInt(a[1]);
        int clients = Integer.parseInt(a[2]);
        String prefix = a[3];
        boolean keep = a.length > 4 && a[4].equals("keep");
        // a daemon is long-lived: warm its JIT up first (defines and undefines, not measured)
        warm(sock, clients, minimal(prefix + "warm", 3000));
        double[] lat = new double[200];
        try (JvirtClient c = JvirtClient.connect(sock)) {
            for (int i = 0; i < lat.length; i++) {
                long t = System.nanoTime();
                c.define(xml(prefix + "lat" + i));
                lat[i] = (System.nanoTime() - t) / 1e6;
            }
            for (int i = 0; i < lat.length; i++) {
                c.undefine(prefix + "lat" + i);
            }
        }
        Arrays.sort(lat);
        System.out.printf("jvirt_api_define_latency: %.2f ms%n", lat[lat.length / 2]);
        Domains domains = minimal(prefix, count);
        System.out.printf("jvirt_api_define_throughput: %.0f defines/s%n", throughput(sock, clients, domains));
        if (!keep) {
            undefineAll(sock, domains);
        }
    }

    /**
     * Defines {@code domains} with {@code clients} concurrent clients three times (undefining them
     * between runs) and returns the median rate in defines per second (the machine is noisy). The
     * last run's domains stay defined.
     */
    static double throughput(Path sock, int clients, Domains domains) throws Exception {
        double[] rates = new double[3];
        for (int r = 0; r < rates.length; r++) {
            if (r > 0) {
                undefineAll(sock, domains);
            }
            long t0 = System.nanoTime();
            run(sock, clients, domains);
            rates[r] = domains.count() / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(rates);
        return rates[1];
    }

    /** Undefines every domain of {@code domains}, one client; returns the rate in undefines per second. */
    static double undefineAll(Path sock, Domains domains) {
        long t0 = System.nanoTime();
        try (JvirtClient c = JvirtClient.connect(sock)) {
            for (int i = 0; i < domains.count(); i++) {
                c.undefine(domains.name().apply(i));
            }
        }
        return domains.count() / ((System.nanoTime() - t0) / 1e9);
    }

    static void warm(Path sock, int clients, Domains domains) throws Exception {
        run(sock, clients, domains);
        undefineAll(sock, domains);
    }

    /** Defines all of {@code domains} with {@code clients} concurrent clients; the first failure is thrown. */
    static void run(Path sock, int clients, Domains domains) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < clients; k++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (JvirtClient c = JvirtClient.connect(sock)) {
                    for (int i = next.getAndIncrement(); i < domains.count() && failure.get() == null;
                            i = next.getAndIncrement()) {
                        c.define(domains.xml().apply(i));
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
