package io.jvirt.image.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.image.CreateOptions;
import io.jvirt.image.ImageFormat;
import io.jvirt.image.Images;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A qcow2 size that is no multiple of 512 is rounded up as qemu-img create rounds it (qemu reads it rounded down). */
class CreateSizeInteropTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1000, 512, (16L << 20) + 1000, 1L << 30})
    void qcow2VirtualSizeIsQemuImgs(long size) throws Exception {
        Images.create(dir.resolve("j.qcow2"), CreateOptions.builder(ImageFormat.QCOW2, size).build());
        QemuImg.ok(dir, "create", "-f", "qcow2", "q.qcow2", Long.toString(size));
        assertThat(virtualSize("j.qcow2")).isEqualTo(virtualSize("q.qcow2")).isEqualTo((size + 511) / 512 * 512);
    }

    private long virtualSize(String file) {
        String out = QemuImg.ok(dir, "info", "--output=json", file).out();
        int at = out.indexOf("\"virtual-size\": ") + "\"virtual-size\": ".length();
        return Long.parseLong(out.substring(at, out.indexOf(',', at)).strip());
    }
}
