// jvirtd's API side of the operations benchmark: attach-disk and detach-disk of a running
// domain through the REST API (no CLI process start-up), each returning once QEMU and the
// guest are done. Prints `name: value unit` lines (medians).
//   java -cp CP bench/OperationsApiBench.java SOCKET DOMAIN IMAGE RUNS
import io.jvirt.api.ChangeScope;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.LiveClient;

import java.nio.file.Path;
import java.util.Arrays;

public class OperationsApiBench {
    public static void main(String[] a) throws Exception {
        Path sock = Path.of(a[0]);
        String dom = a[1];
        String disk = "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='" + a[2]
                + "'/><target dev='vdb' bus='virtio'/></disk>";
        int runs = Integer.parseInt(a[3]);
        ChangeScope live = new ChangeScope(true, false, false);
        double[] attach = new double[runs];
        double[] detach = new double[runs];
        double[] both = new double[runs];
        try (JvirtClient c = JvirtClient.connect(sock)) {
            LiveClient l = new LiveClient(c);
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                l.attachDevice(dom, disk, live);
                long t1 = System.nanoTime();
                l.detachDevice(dom, disk, live);
                long t2 = System.nanoTime();
                attach[i] = (t1 - t0) / 1e6;
                detach[i] = (t2 - t1) / 1e6;
                both[i] = (t2 - t0) / 1e6;
            }
        }
        System.out.printf("jvirt_api_attach_detach_disk_roundtrip: %.0f ms%n", median(both));
        System.out.printf("jvirt_api_attach_disk: %.0f ms%n", median(attach));
        System.out.printf("jvirt_api_detach_disk: %.0f ms%n", median(detach));
        System.out.printf("jvirt_api_attach_disk_all: %s ms%n", all(attach));
    }

    static String all(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(b.isEmpty() ? "" : " ").append(Math.round(x));
        }
        return b.toString();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
