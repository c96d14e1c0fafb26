// jvirtd's API side of the lifecycle benchmark: start, destroy and start -> guest ready line,
// through the REST API (no CLI process start-up). Prints `name: value unit` lines (medians).
//   java -cp CP bench/LifecycleApiBench.java SOCKET DOMAIN RUNS
import io.jvirt.client.JvirtClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

public class LifecycleApiBench {
    public static void main(String[] a) throws Exception {
        Path sock = Path.of(a[0]);
        String dom = a[1];
        int runs = Integer.parseInt(a[2]);
        double[] start = new double[runs];
        double[] ready = new double[runs];
        double[] destroy = new double[runs];
        try (JvirtClient c = JvirtClient.connect(sock)) {
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                c.action(dom, "start", Map.of());
                start[i] = (System.nanoTime() - t0) / 1e6;
                long off = 0;
                StringBuilder log = new StringBuilder();
                while (log.indexOf("JVIRT-GUEST-READY") < 0) {
                    byte[] b = c.consoleLog(dom, off);
                    off += b.length;
                    log.append(new String(b, StandardCharsets.UTF_8));
                    if (b.length == 0) {
                        Thread.sleep(2);
                    }
                }
                ready[i] = (System.nanoTime() - t0) / 1e6;
                long t1 = System.nanoTime();
                c.action(dom, "destroy", Map.of());
                destroy[i] = (System.nanoTime() - t1) / 1e6;
            }
        }
        System.out.printf("jvirt_api_start: %.0f ms%n", median(start));
        System.out.printf("jvirt_api_destroy: %.0f ms%n", median(destroy));
        System.out.printf("jvirt_api_start_to_ready: %.0f ms%n", median(ready));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
