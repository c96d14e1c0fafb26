package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SaveImageTest {
    @TempDir
    Path tmp;

    private static final String XML = "<domain type='kvm'><name>x</name></domain>";

    @Test
    void headerRoundTripsOnceTheVmStateIsThere() {
        Path f = tmp.resolve("a.save");
        SnapshotImages.createVmstate(f);
        new SaveImage(XML, true).writeTo(f);
        // what QEMU's snapshot-save leaves: the internal snapshot of the VM state
        SnapshotImages.create(f, SaveImage.TAG);
        assertThat(SaveImage.read(f)).isEqualTo(new SaveImage(XML, true));
        new SaveImage(XML + " ", false).writeTo(f);
        assertThat(SaveImage.read(f)).isEqualTo(new SaveImage(XML + " ", false));
    }

    @Test
    void anImageWithoutVmStateIsRefused() {
        Path f = tmp.resolve("b.save");
        SnapshotImages.createVmstate(f);
        new SaveImage(XML, true).writeTo(f);
        assertThatThrownBy(() -> SaveImage.read(f)).isInstanceOf(DaemonException.class)
                .hasMessage("The file " + f + " cannot be restored: it holds no VM state (the save did not complete). "
                        + "Nothing was changed.");
    }

    @Test
    void foreignAndMissingFilesAreRefused() throws Exception {
        Path junk = Files.write(tmp.resolve("junk"), new byte[8192]);
        assertThatThrownBy(() -> SaveImage.read(junk)).isInstanceOf(DaemonException.class)
                .hasMessage("The file " + junk + " cannot be restored: it is not in jvirt's save image format. "
                        + "Nothing was changed.");
        Path plain = tmp.resolve("plain.qcow2");
        SnapshotImages.createVmstate(plain);
        assertThatThrownBy(() -> SaveImage.read(plain)).hasMessageContaining("not in jvirt's save image format");
        assertThatThrownBy(() -> SaveImage.read(tmp.resolve("none")))
                .satisfies(e -> assertThat(((DaemonException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
