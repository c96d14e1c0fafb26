// jvirtd's API side of the snapshot benchmark: internal snapshot with memory, revert to it,
// external snapshot with memory, save and restore of a running domain, each through the REST API
// (one client process, no CLI start-up), each returning once the daemon reports it done.
// Prints `name: value unit` lines (medians).
//   java -cp CP bench/SnapshotsApiBench.java SOCKET DOMAIN OUTDIR RUNS
import io.jvirt.client.JvirtClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

public class SnapshotsApiBench {
    public static void main(String[] a) throws Exception {
        Path sock = Path.of(a[0]);
        String dom = a[1];
        Path out = Path.of(a[2]);
        int runs = Integer.parseInt(a[3]);
        double[] create = new double[runs];
        double[] revert = new double[runs];
        double[] external = new double[runs];
        double[] save = new double[runs];
        double[] restore = new double[runs];
        try (JvirtClient c = JvirtClient.connect(sock)) {
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                c.snapshots().create(dom, "<domainsnapshot><name>api-i" + i + "</name></domainsnapshot>", Set.of());
                create[i] = (System.nanoTime() - t0) / 1e6;
            }
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                c.snapshots().revert(dom, "api-i" + i, Set.of());
                revert[i] = (System.nanoTime() - t0) / 1e6;
            }
            for (int i = 0; i < runs; i++) {
                c.snapshots().delete(dom, "api-i" + i, Set.of());
            }
            for (int i = 0; i < runs; i++) {
                String xml = "<domainsnapshot><name>api-e" + i + "</name><memory snapshot='external' file='"
                        + out.resolve("api-mem" + i) + "'/><disks><disk name='vda' snapshot='external'><source file='"
                        + out.resolve("api-ov" + i + ".qcow2") + "'/></disk></disks></domainsnapshot>";
                long t0 = System.nanoTime();
                c.snapshots().create(dom, xml, Set.of());
                external[i] = (System.nanoTime() - t0) / 1e6;
            }
            for (int i = 0; i < runs; i++) {
                Path f = out.resolve("api.save");
                Files.deleteIfExists(f);
                long t0 = System.nanoTime();
                c.saves().save(dom, f.toString(), null, Set.of());
                long t1 = System.nanoTime();
                c.saves().restore(f.toString(), null, Set.of());
                long t2 = System.nanoTime();
                save[i] = (t1 - t0) / 1e6;
                restore[i] = (t2 - t1) / 1e6;
            }
        }
        System.out.printf("jvirt_api_snapshot_create_internal_memory: %.0f ms%n", median(create));
        System.out.printf("jvirt_api_snapshot_revert_internal_running: %.0f ms%n", median(revert));
        System.out.printf("jvirt_api_snapshot_create_external_memory: %.0f ms%n", median(external));
        System.out.printf("jvirt_api_save: %.0f ms%n", median(save));
        System.out.printf("jvirt_api_restore: %.0f ms%n", median(restore));
        System.out.printf("jvirt_api_snapshot_create_internal_memory_all: %s ms%n", all(create));
        System.out.printf("jvirt_api_snapshot_create_external_memory_all: %s ms%n", all(external));
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
