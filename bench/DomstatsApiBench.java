// jvirtd's API side of the domstats benchmark: statistics of every domain, all groups, through
// the Java client (no CLI process start-up). Prints `name: value unit` lines (medians).
//   java -cp CP bench/DomstatsApiBench.java SOCKET RUNS
import io.jvirt.client.InspectClient;
import io.jvirt.client.JvirtClient;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

public class DomstatsApiBench {
    public static void main(String[] a) throws Exception {
        Path sock = Path.of(a[0]);
        int runs = Integer.parseInt(a[1]);
        double[] t = new double[runs];
        int domains = 0;
        try (JvirtClient c = JvirtClient.connect(sock)) {
            InspectClient in = new InspectClient(c);
            for (int i = 0; i < 3; i++) {
                in.stats(List.of(), List.of(), List.of()); // warm the connection and both JITs a little
            }
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                domains = in.stats(List.of(), List.of(), List.of()).size();
                t[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        System.out.printf("jvirt_api_domstats_10: %.1f ms (%d domains)%n", median(t), domains);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
