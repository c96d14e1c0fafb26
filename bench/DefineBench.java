// Measures jvirtd's REST API: define latency (sequential) and define throughput (concurrent
// clients, the median of three runs), then undefines what it defined. Run with the jvirt class path:
//   java -cp CP bench/DefineBench.java SOCKET COUNT CLIENTS PREFIX [keep]
// Prints `name: value unit` lines.
import io.jvirt.client.JvirtClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

public class DefineBench {
    static String xml(String name) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>";
    }

    public static void main(String[] a) throws Exception {
        Path sock = Path.of(a[0]);
        int count = Integer.parseInt(a[1]);
        int clients = Integer.parseInt(a[2]);
        String prefix = a[3];
        boolean keep = a.length > 4 && a[4].equals("keep");
        // a daemon is long-lived: warm its JIT up first (defines and undefines, not measured)
        warm(sock, clients, prefix + "warm", 3000);
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
        // throughput: the median of three runs (the machine is noisy); the last run's domains stay
        double[] rates = new double[3];
        for (int r = 0; r < rates.length; r++) {
            if (r > 0) {
                undefineAll(sock, prefix, count);
            }
            long t0 = System.nanoTime();
            run(sock, clients, prefix, count);
            rates[r] = count / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(rates);
        System.out.printf("jvirt_api_define_throughput: %.0f defines/s%n", rates[1]);
        if (!keep) {
            undefineAll(sock, prefix, count);
        }
    }

    static void undefineAll(Path sock, String prefix, int count) {
        try (JvirtClient c = JvirtClient.connect(sock)) {
            for (int i = 0; i < count; i++) {
                c.undefine(prefix + i);
            }
        }
    }

    static void warm(Path sock, int clients, String prefix, int count) throws Exception {
        run(sock, clients, prefix, count);
        undefineAll(sock, prefix, count);
    }

    static void run(Path sock, int clients, String prefix, int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < clients; k++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (JvirtClient c = JvirtClient.connect(sock)) {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        c.define(xml(prefix + i));
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
