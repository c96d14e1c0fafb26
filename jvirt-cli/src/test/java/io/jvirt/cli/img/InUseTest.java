package io.jvirt.cli.img;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.ImageHolder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one sentence of an image in use, for each holder and each thing -U would change. */
class InUseTest {

    private static final Path IMG = Path.of("root1.qcow2");

    @Test
    void aDomainIsNamed() {
        List<ImageHolder> vm1 = List.of(new ImageHolder("vm1", "vda", false, null));
        assertThat(InUse.message(IMG, InUse.Advice.READ_WITH_FORCE_SHARE, vm1))
                .isEqualTo("Image root1.qcow2 is in use by domain vm1; shut it down first, or use -U to read it anyway.");
        assertThat(InUse.message(IMG, InUse.Advice.WRITE, vm1))
                .isEqualTo("Image root1.qcow2 is in use by domain vm1; shut it down first (-U does not allow writing).");
        assertThat(InUse.message(IMG, InUse.Advice.NONE, vm1))
                .isEqualTo("Image root1.qcow2 is in use by domain vm1; shut it down first.");
    }

    @Test
    void severalDomainsShareABackingImage() {
        List<ImageHolder> two = List.of(new ImageHolder("va", "vda", true, null), new ImageHolder("vb", "vda", true, null),
                new ImageHolder("va", "vdb", true, null));
        assertThat(InUse.message(IMG, InUse.Advice.WRITE, two))
                .isEqualTo("Image root1.qcow2 is in use by domains va and vb; shut them down first (-U does not allow "
                        + "writing).");
    }

    @Test
    void aVolumeOperationOrNobodyTheDaemonKnows() {
        assertThat(InUse.message(IMG, InUse.Advice.WRITE, List.of(new ImageHolder(null, null, false,
                "a running vol-wipe of volume 'v' in pool 'p'")))).isEqualTo("Image root1.qcow2 is in use by jvirtd (a "
                + "running vol-wipe of volume 'v' in pool 'p'); try again when it has finished.");
        assertThat(InUse.message(IMG, InUse.Advice.READ_WITH_FORCE_SHARE, List.of()))
                .isEqualTo("Image root1.qcow2 is in use by another process (such as QEMU or qemu-img); stop it first, "
                        + "or use -U to read it anyway.");
        assertThat(InUse.message(IMG, InUse.Advice.WRITE, List.of()))
                .isEqualTo("Image root1.qcow2 is in use by another process (such as QEMU or qemu-img); stop it first "
                        + "(-U does not allow writing).");
    }
}
