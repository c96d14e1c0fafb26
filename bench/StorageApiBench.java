// Storage benchmark, jvirt API side: jvirtd's REST API through JvirtClient in one warm JVM, on a
// dir pool (the daemon's storage driver, HTTP over its UNIX socket, JSON; no CLI start-up).
//   java -cp CP bench/StorageApiBench.java SOCKET POOL SOURCE_1G SPARSE_1G OUT_DIR RUNS
// The pool holds the 1000 volumes to refresh and src1g.img; SOURCE_1G is a 1 GiB file to upload,
// SPARSE_1G a sparse one. Prints `name: value unit` lines (medians).
import io.jvirt.api.VolumeCreateRequest;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;
import io.jvirt.client.TransferListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class StorageApiBench {
    interface Step { void run() throws Exception; }

    static double median(int runs, Step before, Step step) throws Exception {
        List<Double> t = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            before.run();
            long t0 = System.nanoTime();
            step.run();
            t.add((System.nanoTime() - t0) / 1e6);
        }
        t.sort(null);
        return t.get(t.size() / 2);
    }

    public static void main(String[] a) throws Exception {
        Path sock = Path.of(a[0]);
        String pool = a[1];
        Path src = Path.of(a[2]);
        Path sparse = Path.of(a[3]);
        Path out = Path.of(a[4]);
        int runs = Integer.parseInt(a[5]);
        try (JvirtClient c = JvirtClient.connect(sock)) {
            Step drop = () -> { };
            for (int i = 0; i < 50; i++) {
                c.poolAction(pool, "refresh", false, false);
            }
            System.out.printf("jvirt_api_pool_refresh_1000: %.1f ms%n", median(runs, drop,
                    () -> c.poolAction(pool, "refresh", false, false)));
            Step dropNew = () -> delete(c, pool, "new.qcow2");
            for (int i = 0; i < 5; i++) {
                dropNew.run();
                c.createVolumeAs(pool, new VolumeCreateRequest("new.qcow2", "qcow2", 10L << 30, null, null, false));
            }
            System.out.printf("jvirt_api_vol_create_as_qcow2_10G: %.2f ms%n", median(runs, dropNew,
                    () -> c.createVolumeAs(pool, new VolumeCreateRequest("new.qcow2", "qcow2", 10L << 30, null, null,
                            false))));
            dropNew.run();
            Step dropClone = () -> delete(c, pool, "clone.img");
            System.out.printf("jvirt_api_vol_clone_1G: %.0f ms%n", median(runs, dropClone,
                    () -> c.cloneVolume(pool, "src1g.img", "clone.img", "full")));
            dropClone.run();
            delete(c, pool, "up.img");
            c.createVolumeAs(pool, new VolumeCreateRequest("up.img", "raw", 0, 0L, null, false));
            System.out.printf("jvirt_api_vol_upload_1G: %.0f ms%n", median(runs, drop,
                    () -> c.uploadVolume(pool, "up.img", src, 0, -1, TransferListener.NONE)));
            Path down = out.resolve("jvirt-down.img");
            System.out.printf("jvirt_api_vol_download_1G: %.0f ms%n", median(runs, drop,
                    () -> c.downloadVolume(pool, "up.img", down, 0, -1, TransferListener.NONE)));
            System.out.printf("jvirt_api_vol_upload_1G_sparse: %.0f ms%n", median(runs, drop,
                    () -> c.uploadVolume(pool, "up.img", sparse, 0, -1, TransferListener.NONE)));
            System.out.printf("jvirt_api_vol_download_1G_sparse: %.0f ms%n", median(runs, drop,
                    () -> c.downloadVolume(pool, "up.img", down, 0, -1, TransferListener.NONE)));
            delete(c, pool, "up.img");
        }
    }

    static void delete(JvirtClient c, String pool, String vol) {
        try {
            c.deleteVolume(pool, vol);
        } catch (JvirtClientException gone) {
            // not there
        }
    }
}
