package io.jvirt.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DiskDef;
import io.jvirt.conf.domain.DiskFormat;
import io.jvirt.conf.domain.DiskSource;
import io.jvirt.conf.domain.DiskTarget;
import io.jvirt.daemon.DaemonException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file disk without a declared format is raw, as in libvirt; a start is refused when such a
 * file carries another format's signature, naming each disk and the format to declare.
 */
class UndeclaredFormatsTest {

    @TempDir
    Path tmp;
    private Path qcow2;
    private Path vhdx;
    private Path dmg;
    private Path raw;

    @BeforeEach
    void files() throws Exception {
        qcow2 = Files.write(tmp.resolve("a.qcow2"), ByteBuffer.allocate(4096).putInt(0x514649fb).putInt(3).array());
        vhdx = Files.write(tmp.resolve("b.vhdx"), ByteBuffer.allocate(4096)
                .put("vhdxfile".getBytes(StandardCharsets.US_ASCII)).array());
        ByteBuffer koly = ByteBuffer.allocate(4096);
        koly.put(3584, "koly".getBytes(StandardCharsets.US_ASCII)).putInt(3588, 4).putInt(3592, 512);
        dmg = Files.write(tmp.resolve("c.dmg"), koly.array());
        raw = Files.write(tmp.resolve("d.img"), new byte[4096]);
    }

    private static DiskDef disk(String dev, Path file, DiskFormat format) {
        return DiskDef.of(DiskDef.Device.DISK, new DiskSource.File(file.toString()), format,
                new DiskTarget(dev, DiskTarget.Bus.VIRTIO)).build();
    }

    @Test
    void everyDiskAtFaultIsNamedAtOnce() {
        List<DiskDef> disks = List.of(disk("vda", qcow2, null), disk("vdb", vhdx, null), disk("vdc", dmg, null),
                disk("vdd", raw, null));
        assertThatThrownBy(() -> UndeclaredFormats.check("web", disks)).isInstanceOfSatisfying(DaemonException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DEFINITION);
                    assertThat(e.getMessage()).isEqualTo("domain 'web' cannot start: its disk vda declares no format,"
                            + " so QEMU would open " + qcow2 + " as raw although it is a qcow2 image; declare <driver"
                            + " name='qemu' type='qcow2'/> (or type='raw' if the guest is to see the file's bytes as"
                            + " they are); its disk vdb declares no format, so QEMU would open " + vhdx + " as raw"
                            + " although it is a VHDX (Hyper-V) image; declare <driver name='qemu' type='vhdx'/> (or"
                            + " type='raw' if the guest is to see the file's bytes as they are); its disk vdc declares"
                            + " no format, so QEMU would open " + dmg + " as raw although it is a DMG (Apple disk"
                            + " image) image; declare <driver name='qemu' type='dmg'/> (or type='raw' if the guest is"
                            + " to see the file's bytes as they are).");
                });
    }

    @Test
    void declaredFormatsPlainRawFilesAndMissingFilesPass() {
        assertThatCode(() -> UndeclaredFormats.check("web", List.of(disk("vda", qcow2, DiskFormat.QCOW2),
                disk("vdb", vhdx, DiskFormat.RAW), disk("vdc", raw, null),
                disk("vdd", tmp.resolve("missing.img"), null)))).doesNotThrowAnyException();
    }
}
