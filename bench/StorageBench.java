// Storage benchmark, jvirt side: the jvirt-storage library in one warm JVM on a dir pool.
//   java -cp CP --enable-native-access=ALL-UNNAMED bench/StorageBench.java POOL_DIR SOURCE_1G RUNS
// POOL_DIR holds the 1000 volumes to refresh; SOURCE_1G is a 1 GiB file to clone/upload.
// Prints `name: value unit` lines (medians).
import io.jvirt.conf.storage.PoolXml;
import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.storage.CloneMode;
import io.jvirt.storage.StoragePool;
import io.jvirt.storage.TransferProgress;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class StorageBench {
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
        Path dir = Path.of(a[0]);
        Path src = Path.of(a[1]);
        int runs = Integer.parseInt(a[2]);
        StoragePool pool = new StoragePool(PoolXml.parse("<pool type='dir'><name>bench</name><target><path>" + dir
                + "</path></target></pool>"));
        pool.start();
        for (int i = 0; i < 50; i++) {
            pool.refresh();
        }
        System.out.printf("jvirt_pool_refresh_1000: %.1f ms%n", median(runs, () -> { }, pool::refresh));
        System.out.printf("jvirt_vol_create_as_qcow2_10G: %.2f ms%n", median(runs,
                () -> { if (Files.exists(dir.resolve("new.qcow2"))) pool.deleteVolume("new.qcow2"); },
                () -> pool.createVolume("new.qcow2", VolumeFormat.QCOW2, 10L << 30, null, null, false)));
        pool.deleteVolume("new.qcow2");
        Files.copy(src, dir.resolve("src1g.img"));
        pool.createVolume("up.img", VolumeFormat.RAW, 0, 0L, null, false);
        Step dropClone = () -> { if (Files.exists(dir.resolve("clone.img"))) pool.deleteVolume("clone.img"); };
        System.out.printf("jvirt_vol_clone_1G: %.0f ms%n", median(runs, dropClone,
                () -> pool.cloneVolume("src1g.img", "clone.img", CloneMode.FULL, TransferProgress.NONE)));
        dropClone.run();
        System.out.printf("jvirt_vol_upload_1G: %.0f ms%n", median(runs, () -> { }, () -> {
            try (InputStream in = Files.newInputStream(src)) {
                pool.upload("up.img", in, 0, -1, TransferProgress.NONE);
            }
        }));
        System.out.printf("jvirt_vol_download_1G: %.0f ms%n", median(runs, () -> { }, () -> {
            try (OutputStream out = Files.newOutputStream(dir.resolve(".down"))) {
                pool.download("up.img", out, 0, -1, TransferProgress.NONE);
            }
        }));
        Files.delete(dir.resolve(".down"));
        pool.deleteVolume("up.img");
        pool.deleteVolume("src1g.img");
    }
}
